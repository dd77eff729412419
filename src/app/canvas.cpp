#include "canvas.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QTabletEvent>
#include <QToolTip>
#include <QTouchEvent>

namespace {

const QColor kPaper = Qt::white;
const QColor kInk = Qt::black;
const QColor kTrusted(30, 140, 60);
const QColor kDoubted(210, 40, 40);

} // namespace

Canvas::Canvas(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_StaticContents);
    setAttribute(Qt::WA_AcceptTouchEvents);
    setAcceptDrops(true);
    setCursor(Qt::CrossCursor);
    setFocusPolicy(Qt::StrongFocus); // the keys (Enter, Esc, Ctrl+Z) act on the drawing
    setMinimumSize(200, 200);
    setToolTip(tr("Write a digit or a number with the mouse, a pen or a finger"));
}

void Canvas::setPenWidth(int width)
{
    m_penWidth = width;
}

void Canvas::setBackground(const QImage& image)
{
    replaceDrawing(image);
}

void Canvas::replaceDrawing(const QImage& background)
{
    m_undo.push_back({true, m_background, m_strokes});
    m_redo.clear();
    m_background = background;
    m_strokes.clear();
    redrawAll();
    dropMarks();
    Q_EMIT changed();
}

std::vector<dwn::PenStroke> Canvas::penStrokes() const
{
    const qreal dpr = m_image.devicePixelRatio();
    std::vector<dwn::PenStroke> out;
    for (const Stroke& stroke : m_strokes) {
        dwn::PenStroke s;
        for (int i = 0; i < stroke.points.size(); ++i) {
            s.points.emplace_back(static_cast<float>(stroke.points[i].x() * dpr),
                                  static_cast<float>(stroke.points[i].y() * dpr));
            s.widths.push_back(static_cast<float>(stroke.widths[i] * dpr));
        }
        out.push_back(std::move(s));
    }
    return out;
}

void Canvas::setMarks(const QVector<Mark>& marks)
{
    m_marks = marks;
    update();
}

void Canvas::selectMark(int index)
{
    for (int i = 0; i < m_marks.size(); ++i)
        m_marks[i].selected = i == index;
    update();
}

void Canvas::dropMarks()
{
    if (m_marks.isEmpty())
        return;
    m_marks.clear();
    update();
}

void Canvas::clear()
{
    if (!isEmpty())
        replaceDrawing(QImage());
}

void Canvas::undo()
{
    if (m_undo.empty())
        return;
    Step step = std::move(m_undo.back());
    m_undo.pop_back();
    if (step.replaced) { // the drawing comes back; the one it replaced waits for Redo
        m_redo.push_back({true, m_background, m_strokes});
        m_background = step.background;
        m_strokes = std::move(step.strokes);
    } else {
        m_redo.push_back({false, {}, {std::move(m_strokes.back())}});
        m_strokes.pop_back();
    }
    redrawAll();
    dropMarks();
    Q_EMIT changed();
}

void Canvas::redo()
{
    if (m_redo.empty())
        return;
    Step step = std::move(m_redo.back());
    m_redo.pop_back();
    if (step.replaced) {
        m_undo.push_back({true, m_background, m_strokes});
        m_background = step.background;
        m_strokes = std::move(step.strokes);
    } else {
        m_undo.push_back({});
        m_strokes.push_back(std::move(step.strokes.front()));
    }
    redrawAll();
    dropMarks();
    Q_EMIT changed();
}

void Canvas::paintEvent(QPaintEvent* event)
{
    QPainter painter(this);
    const QRect dirty = event->rect();
    const qreal dpr = m_image.devicePixelRatio();
    painter.drawImage(dirty, m_image,
                      QRectF(dirty.topLeft() * dpr, dirty.size() * dpr).toAlignedRect());
    if (hasFocus()) { // a visible focus mark along the edge
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        painter.drawRect(QRectF(rect()).adjusted(1, 1, -1, -1));
    }
    painter.setRenderHint(QPainter::Antialiasing);
    for (const Mark& mark : m_marks) {
        const QColor colour = mark.trusted ? kTrusted : kDoubted;
        painter.setPen(
            QPen(colour, mark.selected ? 3 : 1.5, mark.selected ? Qt::SolidLine : Qt::DashLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(mark.box);
        painter.setPen(colour);
        const QRectF below(mark.box.left() - 20, mark.box.bottom() + 2, mark.box.width() + 40,
                           fontMetrics().height());
        painter.drawText(below, Qt::AlignHCenter | Qt::AlignTop, mark.text);
    }
}

void Canvas::focusInEvent(QFocusEvent* event)
{
    QWidget::focusInEvent(event);
    update();
}

void Canvas::focusOutEvent(QFocusEvent* event)
{
    QWidget::focusOutEvent(event);
    update();
}

void Canvas::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // An opened image is fitted to the canvas again: the boxes over it move with it.
    if (!m_background.isNull() && event->oldSize().isValid()) {
        const QRectF from = fittedBackground(event->oldSize()), to = fittedBackground(size());
        const double sx = to.width() / from.width(), sy = to.height() / from.height();
        for (Mark& mark : m_marks)
            mark.box = QRectF(to.x() + (mark.box.x() - from.x()) * sx,
                              to.y() + (mark.box.y() - from.y()) * sy, mark.box.width() * sx,
                              mark.box.height() * sy);
    }
    redrawAll();
}

void Canvas::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        beginStroke(event->position(), 1.0);
}

void Canvas::mouseMoveEvent(QMouseEvent* event)
{
    if (m_drawing)
        extendStroke(event->position(), 1.0);
}

void Canvas::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && m_drawing) {
        extendStroke(event->position(), 1.0);
        endStroke();
    }
}

void Canvas::tabletEvent(QTabletEvent* event)
{
    // Pressure 0..1 varies the width between a third of the pen and the whole pen.
    const qreal pressure = 1.0 / 3 + 2.0 / 3 * event->pressure();
    switch (event->type()) {
    case QEvent::TabletPress:
        beginStroke(event->position(), pressure);
        break;
    case QEvent::TabletMove:
        if (m_drawing)
            extendStroke(event->position(), pressure);
        break;
    case QEvent::TabletRelease:
        if (m_drawing)
            endStroke();
        break;
    default:
        break;
    }
    event->accept();
}

bool Canvas::event(QEvent* event)
{
    switch (event->type()) {
    case QEvent::ToolTip: {
        const QPoint at = static_cast<QHelpEvent*>(event)->pos();
        for (const Mark& mark : m_marks)
            if (mark.box.contains(at)) {
                QToolTip::showText(static_cast<QHelpEvent*>(event)->globalPos(), mark.toolTip,
                                   this);
                return true;
            }
        return QWidget::event(event);
    }
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::TouchEnd: {
        auto* touch = static_cast<QTouchEvent*>(event);
        if (touch->points().isEmpty())
            return true;
        const QPointF at = touch->points().first().position();
        if (event->type() == QEvent::TouchBegin)
            beginStroke(at, 1.0);
        else if (m_drawing)
            extendStroke(at, 1.0);
        if (event->type() == QEvent::TouchEnd && m_drawing)
            endStroke();
        return true;
    }
    default:
        return QWidget::event(event);
    }
}

void Canvas::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls() && event->mimeData()->urls().first().isLocalFile())
        event->acceptProposedAction();
}

void Canvas::dropEvent(QDropEvent* event)
{
    Q_EMIT fileDropped(event->mimeData()->urls().first().toLocalFile());
    event->acceptProposedAction();
}

void Canvas::beginStroke(const QPointF& at, qreal pressure)
{
    m_drawing = true;
    m_redo.clear();
    m_undo.push_back({});
    m_strokes.push_back({{at}, {m_penWidth * pressure}});
    drawSegment(m_strokes.back(), 0);
    dropMarks();
    Q_EMIT changed();
}

void Canvas::extendStroke(const QPointF& at, qreal pressure)
{
    Stroke& stroke = m_strokes.back();
    if (stroke.points.last() == at)
        return;
    stroke.points.push_back(at);
    stroke.widths.push_back(m_penWidth * pressure);
    drawSegment(stroke, static_cast<int>(stroke.points.size()) - 1);
    dropMarks();
    Q_EMIT changed();
}

void Canvas::endStroke()
{
    m_drawing = false;
    if (m_strokes.back().points.size() == 1)
        drawSegment(m_strokes.back(), 0);
    Q_EMIT strokeFinished();
}

// Draws the segment that ends at point `index` (a dot for the first point) and repaints
// only the rectangle it touched.
void Canvas::drawSegment(const Stroke& stroke, int index)
{
    QPainter painter(&m_image);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal width = stroke.widths[index];
    painter.setPen(QPen(kInk, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    const QPointF to = stroke.points[index];
    const QPointF from = index > 0 ? stroke.points[index - 1] : to;
    if (stroke.points.size() == 1 && !m_drawing) { // a click: a round dot of the pen's width,
        painter.setPen(Qt::NoPen);                 // which a line of no length may not leave
        painter.setBrush(kInk);
        painter.drawEllipse(to, width / 2, width / 2);
    } else {
        painter.drawLine(from, to);
    }
    const int margin = static_cast<int>(width / 2) + 2;
    update(
        QRectF(from, to).normalized().toAlignedRect().adjusted(-margin, -margin, margin, margin));
}

QRect Canvas::fittedBackground(QSize area) const
{
    const QSize fitted = m_background.size().scaled(area, Qt::KeepAspectRatio);
    return {QPoint((area.width() - fitted.width()) / 2, (area.height() - fitted.height()) / 2),
            fitted};
}

QRect Canvas::backgroundRect() const
{
    const qreal dpr = m_image.devicePixelRatio();
    const QRect at = fittedBackground(size());
    return {qRound(at.x() * dpr), qRound(at.y() * dpr), qRound(at.width() * dpr),
            qRound(at.height() * dpr)};
}

void Canvas::redrawAll()
{
    const qreal dpr = devicePixelRatioF();
    m_image = QImage(size() * dpr, QImage::Format_RGB32);
    m_image.setDevicePixelRatio(dpr);
    m_image.fill(kPaper);
    if (!m_background.isNull()) {
        QPainter painter(&m_image);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.drawImage(fittedBackground(size()), m_background);
    }
    for (const Stroke& stroke : m_strokes)
        for (int i = 0; i < stroke.points.size(); ++i)
            drawSegment(stroke, i);
    update();
}

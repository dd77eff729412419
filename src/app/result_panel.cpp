#include "result_panel.h"
#include "gray_image.h"

#include <algorithm>

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

const int kSeenZoom = 6; // each of the 28x28 pixels is shown as a 6x6 square
const int kTileZoom = 2; // and 2x2 in a digit's tile

// The lowest score any of the digits had to pass (the crop reading's threshold is lower).
float lowestThreshold(const std::vector<const dwn::Symbol*>& digits)
{
    float lowest = digits.front()->verdict.threshold;
    for (const dwn::Symbol* d : digits)
        lowest = std::min(lowest, d->verdict.threshold);
    return lowest;
}

} // namespace

ProbabilityBars::ProbabilityBars(QWidget* parent) : QWidget(parent)
{
    setToolTip(tr("Probability of each digit; the line marks the trusted threshold"));
    setMinimumHeight(160);
}

void ProbabilityBars::setProbabilities(const std::array<float, 10>& probabilities, int best,
                                       double threshold)
{
    m_probabilities = probabilities;
    m_best = best;
    m_threshold = threshold;
    update();
}

void ProbabilityBars::clear()
{
    m_probabilities.fill(0);
    m_best = -1;
    m_threshold = -1;
    update();
}

void ProbabilityBars::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    const int labelWidth = fontMetrics().horizontalAdvance(QStringLiteral("9 100%  "));
    const qreal rowHeight = height() / 10.0;
    const qreal barSpace = width() - labelWidth - 4;
    for (int d = 0; d < 10; ++d) {
        const QRectF row(0, d * rowHeight, width(), rowHeight);
        const QString text =
            QStringLiteral("%1 %2%").arg(d).arg(qRound(m_probabilities[d] * 100), 3);
        painter.setPen(pal.color(QPalette::WindowText));
        painter.drawText(row.adjusted(2, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, text);
        const QRectF bar(labelWidth, row.top() + rowHeight * 0.2, barSpace * m_probabilities[d],
                         rowHeight * 0.6);
        painter.fillRect(QRectF(labelWidth, bar.top(), barSpace, bar.height()),
                         pal.color(QPalette::AlternateBase));
        painter.fillRect(bar,
                         d == m_best ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid));
    }
    if (m_threshold >= 0) {
        const qreal x = labelWidth + barSpace * m_threshold;
        painter.setPen(QPen(QColor(220, 50, 50), 2, Qt::DashLine));
        painter.drawLine(QPointF(x, 0), QPointF(x, height()));
    }
}

ResultPanel::ResultPanel(QWidget* parent)
    : QWidget(parent), m_headline(new QLabel), m_confidence(new QLabel), m_tiles(new QHBoxLayout),
      m_tileGroup(new QButtonGroup(this)), m_bars(new ProbabilityBars), m_seen(new QLabel),
      m_time(new QLabel)
{
    m_messageFont = m_headline->font();
    m_messageFont.setPointSizeF(m_messageFont.pointSizeF() * 1.4);
    m_digitFont = m_headline->font();
    m_digitFont.setPointSizeF(m_digitFont.pointSizeF() * 4);
    m_digitFont.setBold(true);
    m_verdictFont = m_digitFont; // "Not a number": large, but on one line
    m_verdictFont.setPointSizeF(m_messageFont.pointSizeF() * 1.5);
    m_headline->setAlignment(Qt::AlignCenter);
    m_headline->setWordWrap(true);
    m_headline->setMinimumHeight(QFontMetrics(m_digitFont).height() * 3 / 2);
    m_confidence->setAlignment(Qt::AlignCenter);
    m_confidence->setWordWrap(true);
    m_seen->setFixedSize(28 * kSeenZoom, 28 * kSeenZoom);
    m_seen->setToolTip(tr("The 28x28 image the network received for the selected digit"));
    m_seen->setFrameShape(QFrame::Box);
    m_time->setAlignment(Qt::AlignCenter);
    m_tiles->setSpacing(4);
    m_tileGroup->setExclusive(true);
    connect(m_tileGroup, &QButtonGroup::idClicked, this, &ResultPanel::selectSymbol);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_confidence);
    auto* tileRow = new QHBoxLayout;
    tileRow->addStretch();
    tileRow->addLayout(m_tiles);
    tileRow->addStretch();
    layout->addLayout(tileRow);
    layout->addWidget(m_bars, 1);
    layout->addWidget(new QLabel(tr("What the network saw:")));
    layout->addWidget(m_seen, 0, Qt::AlignHCenter);
    layout->addWidget(m_time);
    showMessage(tr("Write a digit or a number, then press Recognize"));
}

QString ResultPanel::headlineOf(const dwn::Reading& reading)
{
    if (reading.accepted)
        return QString::fromStdString(reading.number);
    const auto digits = reading.digits();
    const bool anyTrusted = std::any_of(digits.begin(), digits.end(),
                                        [](const dwn::Symbol* d) { return d->verdict.accepted; });
    if (!anyTrusted || reading.symbols.size() < 2)
        return tr("Not a number");
    QStringList parts;
    for (const dwn::Symbol& s : reading.symbols) {
        const bool doubted = s.kind == dwn::SymbolKind::Mark ||
                             (s.kind == dwn::SymbolKind::Digit && !s.verdict.accepted);
        parts << (doubted ? QStringLiteral("?") : labelOf(s).section(' ', 0, 0));
    }
    return parts.join(' ');
}

QString ResultPanel::labelOf(const dwn::Symbol& s)
{
    switch (s.kind) {
    case dwn::SymbolKind::Digit:
        return QStringLiteral("%1 %2%")
            .arg(s.verdict.digit)
            .arg(qRound(s.verdict.probabilities[static_cast<std::size_t>(s.verdict.digit)] * 100));
    case dwn::SymbolKind::Minus:
        return QStringLiteral("-");
    case dwn::SymbolKind::Point:
        return QStringLiteral(".");
    case dwn::SymbolKind::Mark:
        break;
    }
    return QStringLiteral("?");
}

void ResultPanel::showReading(const dwn::Reading& reading, double milliseconds,
                              const dwn::ModelCard& card)
{
    m_reading = reading;
    m_card = card;
    const QString headline = headlineOf(reading);
    m_headline->setFont(headline == tr("Not a number") ? m_verdictFont : m_digitFont);
    m_headline->setText(headline);
    const auto digits = reading.digits();
    const bool refusedBefore = digits.size() == 1 && !digits.front()->verdict.refusal.empty();
    if (refusedBefore) // the checks before the network are sure of it
        m_confidence->setText(
            tr("Surely no digit: %1").arg(QString::fromStdString(digits.front()->verdict.refusal)));
    else if (!reading.accepted) {
        QString why = QString::fromStdString(reading.refusal);
        m_confidence->setText(why.isEmpty() ? why : why.front().toUpper() + why.mid(1));
    } else if (digits.size() == 1)
        m_confidence->setText(tr("Trusted: score %1 above %2")
                                  .arg(digits.front()->verdict.score, 0, 'f', 2)
                                  .arg(digits.front()->verdict.threshold, 0, 'f', 2));
    else
        m_confidence->setText(tr("All %1 digits trusted (score above %2)")
                                  .arg(digits.size())
                                  .arg(lowestThreshold(digits), 0, 'f', 2));
    showTiles(reading);
    m_time->setText(tr("Recognized in %1 ms").arg(milliseconds, 0, 'f', 2));
    const auto first =
        std::find_if(reading.symbols.begin(), reading.symbols.end(),
                     [](const dwn::Symbol& s) { return s.kind == dwn::SymbolKind::Digit; });
    selectSymbol(
        first == reading.symbols.end() ? -1 : static_cast<int>(first - reading.symbols.begin()));
}

// A button per digit with the image the network saw and its reading; a click selects it.
void ResultPanel::showTiles(const dwn::Reading& reading)
{
    for (QAbstractButton* b : m_tileGroup->buttons()) {
        m_tileGroup->removeButton(b);
        delete b;
    }
    if (reading.symbols.size() < 2)
        return;
    for (std::size_t i = 0; i < reading.symbols.size(); ++i) {
        const dwn::Symbol& s = reading.symbols[i];
        if (s.kind != dwn::SymbolKind::Digit)
            continue;
        auto* tile = new QToolButton;
        tile->setCheckable(true);
        tile->setToolButtonStyle(Qt::ToolButtonTextUnderIcon);
        tile->setIcon(
            QPixmap::fromImage(toQImage(s.input.image).scaled(28 * kTileZoom, 28 * kTileZoom)));
        tile->setIconSize(QSize(28 * kTileZoom, 28 * kTileZoom));
        tile->setText(s.verdict.accepted ? labelOf(s) : QStringLiteral("? (%1)").arg(labelOf(s)));
        tile->setToolTip(
            tr("Digit %1: show its probabilities").arg(m_tileGroup->buttons().size() + 1));
        m_tileGroup->addButton(tile, static_cast<int>(i));
        m_tiles->addWidget(tile);
    }
}

void ResultPanel::selectSymbol(int index)
{
    m_selected = index;
    if (index < 0 || index >= static_cast<int>(m_reading.symbols.size()) ||
        m_reading.symbols[static_cast<std::size_t>(index)].kind != dwn::SymbolKind::Digit) {
        m_bars->clear();
        m_seen->clear();
        m_selected = -1;
        return;
    }
    const dwn::Symbol& s = m_reading.symbols[static_cast<std::size_t>(index)];
    if (QAbstractButton* tile = m_tileGroup->button(index))
        tile->setChecked(true);
    const bool softmax = m_card.score == dwn::ScoreKind::Softmax;
    m_bars->setProbabilities(s.verdict.probabilities, s.verdict.digit,
                             softmax ? s.verdict.threshold : -1);
    m_seen->setPixmap(QPixmap::fromImage(
        toQImage(s.input.image)
            .scaled(m_seen->size(), Qt::IgnoreAspectRatio, Qt::FastTransformation)));
    Q_EMIT symbolSelected(index);
}

void ResultPanel::showMessage(const QString& message)
{
    m_reading = {};
    m_selected = -1;
    m_headline->setFont(m_messageFont);
    m_headline->setText(message);
    m_confidence->clear();
    showTiles(m_reading);
    m_bars->clear();
    m_seen->clear();
    m_time->clear();
}

QString ResultPanel::headline() const
{
    return m_headline->text();
}

QString ResultPanel::confidence() const
{
    return m_confidence->text();
}

#pragma once
// The drawing surface. The drawing lives in a QImage; paintEvent only copies the dirty
// rectangle, and each stroke repaints just the rectangle it touched.

#include <vector>

#include <QImage>
#include <QPointF>
#include <QVector>
#include <QWidget>

#include "dwn/segmentation.h"

class Canvas : public QWidget {
    Q_OBJECT

public:
    // A box drawn over the drawing around one recognised symbol, its reading written below.
    struct Mark {
        QRectF box;      // in widget coordinates
        QString text;    // "7 99%", "?", "-"
        QString toolTip; // shown when the pointer rests on the box
        bool trusted = true;
        bool selected = false;
    };

    explicit Canvas(QWidget* parent = nullptr);

    // The drawing: white paper, dark ink, at the canvas's size in device pixels.
    const QImage& image() const { return m_image; }
    bool isEmpty() const { return m_strokes.empty() && m_background.isNull(); }
    // Whether an opened image lies under the strokes: then only its pixels tell the digits apart.
    bool hasBackground() const { return !m_background.isNull(); }
    // The opened image as it was given (null when none), and where image() shows it, fitted to
    // the canvas and smoothed, in image()'s pixels.
    const QImage& background() const { return m_background; }
    QRect backgroundRect() const;
    bool hasStrokes() const { return !m_strokes.empty(); }
    // The strokes in the drawing's pixels (device pixels, as image() holds them).
    std::vector<dwn::PenStroke> penStrokes() const;
    bool canUndo() const { return !m_undo.empty(); }
    bool canRedo() const { return !m_redo.empty(); }
    int penWidth() const { return m_penWidth; }

    // Replaces the drawing with `image`, scaled to fit; strokes drawn later go on top. Undo
    // brings back the drawing it replaced.
    void setBackground(const QImage& image);

    // Boxes to draw over the drawing until it changes.
    void setMarks(const QVector<Mark>& marks);
    const QVector<Mark>& marks() const { return m_marks; }
    // Marks box `index` as the selected one (the others not).
    void selectMark(int index);

    QSize sizeHint() const override { return {420, 420}; }

public Q_SLOTS:
    void setPenWidth(int width);
    void clear(); // Undo brings the drawing back
    void undo();  // takes back the last stroke, or the last clear or opened image
    void redo();

Q_SIGNALS:
    void changed();                        // a stroke grew, or the drawing was cleared or redone
    void strokeFinished();                 // a stroke ended (mouse, pen or finger lifted)
    void fileDropped(const QString& path); // an image file was dropped on the canvas

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void tabletEvent(QTabletEvent* event) override;
    bool event(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    struct Stroke {
        QVector<QPointF> points;
        QVector<qreal> widths; // per point: the pen width, varied by pen pressure
    };

    void beginStroke(const QPointF& at, qreal pressure);
    void extendStroke(const QPointF& at, qreal pressure);
    void endStroke();
    // One step that Undo takes back: a stroke drawn, or the drawing replaced (cleared, or an
    // image opened) with what was there before.
    struct Step {
        bool replaced = false;
        QImage background;           // replaced: the drawing's image before
        std::vector<Stroke> strokes; // replaced: its strokes before; a stroke to redo: that stroke
    };
    // Replaces the drawing, keeping the one before for Undo.
    void replaceDrawing(const QImage& background);
    void drawSegment(const Stroke& stroke, int index);
    void redrawAll();
    // Where the opened image is shown on a canvas of `area`, in widget coordinates.
    QRect fittedBackground(QSize area) const;
    void dropMarks();

    QImage m_image;
    QVector<Mark> m_marks;
    QImage m_background;
    std::vector<Stroke> m_strokes;
    std::vector<Step> m_undo;
    std::vector<Step> m_redo;
    int m_penWidth = 18;
    bool m_drawing = false;
};

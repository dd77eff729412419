#pragma once
// What the network read: the number (or "Not a number", or "2 ? 2 6" when it doubts a digit),
// the confidence, a tile per digit with the 28x28 image the network saw, the ten
// probabilities of the selected digit with the threshold marked, and the time it took.

#include <array>

#include <QFont>
#include <QWidget>

#include "dwn/classifier.h"
#include "dwn/reading.h"

class QButtonGroup;
class QHBoxLayout;
class QLabel;

// Ten horizontal bars, one per digit, with the trusted threshold drawn across them when the
// model's score is a probability.
class ProbabilityBars : public QWidget {
    Q_OBJECT

public:
    explicit ProbabilityBars(QWidget* parent = nullptr);
    void setProbabilities(const std::array<float, 10>& probabilities, int best,
                          double threshold); // threshold < 0: none to draw
    void clear();
    QSize sizeHint() const override { return {240, 200}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::array<float, 10> m_probabilities{};
    int m_best = -1;
    double m_threshold = -1;
};

class ResultPanel : public QWidget {
    Q_OBJECT

public:
    explicit ResultPanel(QWidget* parent = nullptr);

    // Shows a reading; the first digit is selected.
    void showReading(const dwn::Reading& reading, double milliseconds, const dwn::ModelCard& card);
    // Shows a sentence instead of a reading ("Draw a digit first").
    void showMessage(const QString& message);
    // Selects the digit at `index` of the reading's symbols: its bars and image are shown.
    void selectSymbol(int index);

    QString headline() const;                                 // what the large label says now
    QString confidence() const;                               // the line under the headline
    int selectedSymbol() const { return m_selected; }         // -1 when none
    const dwn::Reading& reading() const { return m_reading; } // the one shown last

    // "2 ? 2 6": the reading with each doubted digit or mark as '?', spaced; the number itself
    // when it is accepted; "Not a number" when no digit is trusted.
    static QString headlineOf(const dwn::Reading& reading);
    // "7 99%" (the probability), "?" for a mark, "-" and "." for the signs.
    static QString labelOf(const dwn::Symbol& symbol);

Q_SIGNALS:
    void symbolSelected(int index);

private:
    void showTiles(const dwn::Reading& reading);

    QLabel* m_headline;
    QLabel* m_confidence;
    QHBoxLayout* m_tiles;
    QButtonGroup* m_tileGroup;
    ProbabilityBars* m_bars;
    QLabel* m_seen;
    QLabel* m_time;
    QFont m_digitFont;   // the number, large and bold
    QFont m_messageFont; // a sentence in the headline's place
    QFont m_verdictFont; // "Not a number"
    dwn::Reading m_reading;
    dwn::ModelCard m_card;
    int m_selected = -1;
};

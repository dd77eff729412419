#pragma once
// What the network said: the digit or "Not a number", the confidence, all ten
// probabilities with the threshold marked, the 28x28 image it saw, and the time it took.

#include <array>

#include <QFont>
#include <QWidget>

#include "dwn/classifier.h"

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

    // Shows a verdict; `seen` is the 28x28 image the network received.
    void showVerdict(const dwn::Verdict& verdict, const QImage& seen, double milliseconds,
                     const dwn::ModelCard& card);
    // Shows a sentence instead of a verdict ("Draw a digit first").
    void showMessage(const QString& message);

    QString headline() const;   // what the large label says now
    QString confidence() const; // the line under the headline

private:
    QLabel* m_headline;
    QLabel* m_confidence;
    ProbabilityBars* m_bars;
    QLabel* m_seen;
    QLabel* m_time;
    QFont m_digitFont;   // the digit, large and bold
    QFont m_messageFont; // a sentence in the headline's place
    QFont m_verdictFont; // "Not a number"
};

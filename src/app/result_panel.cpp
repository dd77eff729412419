#include "result_panel.h"

#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

namespace {

const int kSeenZoom = 6; // each of the 28x28 pixels is shown as a 6x6 square

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
    : QWidget(parent), m_headline(new QLabel), m_confidence(new QLabel),
      m_bars(new ProbabilityBars), m_seen(new QLabel), m_time(new QLabel)
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
    m_seen->setFixedSize(28 * kSeenZoom, 28 * kSeenZoom);
    m_seen->setToolTip(tr("The 28x28 image the network received"));
    m_seen->setFrameShape(QFrame::Box);
    m_time->setAlignment(Qt::AlignCenter);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_confidence);
    layout->addWidget(m_bars, 1);
    layout->addWidget(new QLabel(tr("What the network saw:")));
    layout->addWidget(m_seen, 0, Qt::AlignHCenter);
    layout->addWidget(m_time);
    showMessage(tr("Draw a digit, then press Recognize"));
}

void ResultPanel::showVerdict(const dwn::Verdict& verdict, const QImage& seen, double milliseconds,
                              const dwn::ModelCard& card)
{
    const bool softmax = card.score == dwn::ScoreKind::Softmax;
    m_headline->setFont(verdict.accepted ? m_digitFont : m_verdictFont);
    m_headline->setText(verdict.accepted ? QString::number(verdict.digit) : tr("Not a number"));
    if (!verdict.refusal.empty()) // the checks before the network are sure of it
        m_confidence->setText(
            tr("Surely no digit: %1").arg(QString::fromStdString(verdict.refusal)));
    else if (softmax)
        m_confidence->setText(tr("Confidence %1% (trusted above %2%)")
                                  .arg(verdict.score * 100, 0, 'f', 1)
                                  .arg(card.trustedThreshold * 100, 0, 'f', 1));
    else
        m_confidence->setText(tr("Score %1 (trusted above %2); probability %3%")
                                  .arg(verdict.score, 0, 'f', 2)
                                  .arg(card.trustedThreshold, 0, 'f', 2)
                                  .arg(verdict.probabilities[verdict.digit] * 100, 0, 'f', 1));
    m_bars->setProbabilities(verdict.probabilities, verdict.digit,
                             softmax ? card.trustedThreshold : -1);
    m_seen->setPixmap(QPixmap::fromImage(
        seen.scaled(m_seen->size(), Qt::IgnoreAspectRatio, Qt::FastTransformation)));
    m_time->setText(tr("Recognized in %1 ms").arg(milliseconds, 0, 'f', 2));
}

void ResultPanel::showMessage(const QString& message)
{
    m_headline->setFont(m_messageFont);
    m_headline->setText(message);
    m_confidence->clear();
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

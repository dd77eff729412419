#include "dwn/metrics.h"

#include <algorithm>
#include <sstream>

#include "dwn/error.h"

namespace dwn {

Metrics computeMetrics(const std::vector<int>& truth, const std::vector<int>& predicted)
{
    if (truth.size() != predicted.size())
        throw Error("metrics need as many predictions as labels: " +
                    std::to_string(predicted.size()) + " and " + std::to_string(truth.size()));
    Metrics m;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        if (truth[i] < 0 || truth[i] > 9 || predicted[i] < 0 || predicted[i] > 9)
            throw Error("metrics take classes 0 to 9; item " + std::to_string(i) + " has " +
                        std::to_string(truth[i]) + " and " + std::to_string(predicted[i]));
        ++m.confusion[truth[i]][predicted[i]];
    }
    m.count = static_cast<std::int64_t>(truth.size());
    std::int64_t right = 0;
    for (int c = 0; c < 10; ++c) {
        std::int64_t predictedAsC = 0;
        for (int t = 0; t < 10; ++t)
            predictedAsC += m.confusion[t][c];
        std::int64_t support = 0;
        for (int p = 0; p < 10; ++p)
            support += m.confusion[c][p];
        const std::int64_t hits = m.confusion[c][c];
        right += hits;
        ClassReport& r = m.classes[c];
        r.support = support;
        r.precision = predictedAsC ? double(hits) / predictedAsC : 0;
        r.recall = support ? double(hits) / support : 0;
        r.f1 =
            r.precision + r.recall > 0 ? 2 * r.precision * r.recall / (r.precision + r.recall) : 0;
        m.macroPrecision += r.precision / 10;
        m.macroRecall += r.recall / 10;
        m.macroF1 += r.f1 / 10;
    }
    m.accuracy = m.count ? double(right) / m.count : 0;
    for (const ClassReport& r : m.classes)
        m.weightedF1 += m.count ? r.f1 * double(r.support) / double(m.count) : 0;
    return m;
}

std::string confusionCsv(const Metrics& metrics)
{
    std::ostringstream out;
    out << "true\\predicted";
    for (int p = 0; p < 10; ++p)
        out << ',' << p;
    out << '\n';
    for (int t = 0; t < 10; ++t) {
        out << t;
        for (int p = 0; p < 10; ++p)
            out << ',' << metrics.confusion[t][p];
        out << '\n';
    }
    return out.str();
}

std::string reportCsv(const Metrics& metrics)
{
    std::ostringstream out;
    out.precision(6);
    out << "class,precision,recall,f1,support\n";
    for (int c = 0; c < 10; ++c) {
        const ClassReport& r = metrics.classes[c];
        out << c << ',' << r.precision << ',' << r.recall << ',' << r.f1 << ',' << r.support
            << '\n';
    }
    out << "macro," << metrics.macroPrecision << ',' << metrics.macroRecall << ','
        << metrics.macroF1 << ',' << metrics.count << '\n';
    out << "accuracy,,," << metrics.accuracy << ',' << metrics.count << '\n';
    return out.str();
}

} // namespace dwn

namespace dwn {

double auroc(const std::vector<double>& positives, const std::vector<double>& negatives)
{
    if (positives.empty() || negatives.empty())
        return 0.5;
    // Mann-Whitney U: rank all scores together, ties sharing their average rank.
    std::vector<std::pair<double, bool>> all;
    all.reserve(positives.size() + negatives.size());
    for (double p : positives)
        all.emplace_back(p, true);
    for (double n : negatives)
        all.emplace_back(n, false);
    std::sort(all.begin(), all.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    double rankSum = 0;
    for (std::size_t i = 0; i < all.size();) {
        std::size_t j = i;
        while (j < all.size() && all[j].first == all[i].first)
            ++j;
        const double rank = (i + 1 + j) / 2.0; // average of ranks i+1 … j
        for (std::size_t k = i; k < j; ++k)
            if (all[k].second)
                rankSum += rank;
        i = j;
    }
    const double np = double(positives.size()), nn = double(negatives.size());
    return (rankSum - np * (np + 1) / 2) / (np * nn);
}

} // namespace dwn

#pragma once
// Classification metrics, as the seed reported them: accuracy, per-class precision, recall,
// F1 and support, macro-F1, and the confusion matrix.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace dwn {

struct ClassReport {
    double precision = 0, recall = 0, f1 = 0; // 0 where undefined (no predictions or no support)
    std::int64_t support = 0;                 // how many images truly are of this class
};

struct Metrics {
    std::array<std::array<std::int64_t, 10>, 10> confusion{}; // [true][predicted]
    std::array<ClassReport, 10> classes;
    double accuracy = 0;
    double macroF1 = 0;
    double weightedF1 = 0; // F1 of each class weighted by its support
    double macroPrecision = 0;
    double macroRecall = 0;
    std::int64_t count = 0;
};

// Metrics of `predicted` against `truth` (both 0 … 9, the same length). Throws dwn::Error
// when the lengths differ or a value is outside 0 … 9.
Metrics computeMetrics(const std::vector<int>& truth, const std::vector<int>& predicted);

// The confusion matrix as CSV: a header "true\predicted,0,…,9", then one row per true class.
std::string confusionCsv(const Metrics& metrics);

// The per-class report as CSV: class,precision,recall,f1,support, then macro and accuracy.
std::string reportCsv(const Metrics& metrics);

} // namespace dwn

namespace dwn {

// The area under the ROC curve: the chance that a random positive scores above a random
// negative (ties count half). 0.5 when either list is empty.
double auroc(const std::vector<double>& positives, const std::vector<double>& negatives);

} // namespace dwn

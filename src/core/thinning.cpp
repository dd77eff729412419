#include "thinning.h"

#include <vector>

#include <opencv2/imgproc.hpp>

namespace dwn::detail {

cv::Mat thin(const cv::Mat& binary)
{
    CV_Assert(binary.type() == CV_8UC1);
    // A one-pixel frame of background lets every step read all eight neighbours.
    cv::Mat img(binary.rows + 2, binary.cols + 2, CV_8UC1, cv::Scalar(0));
    cv::Mat inner = img(cv::Rect(1, 1, binary.cols, binary.rows));
    cv::threshold(binary, inner, 0, 1, cv::THRESH_BINARY);

    std::vector<uchar*> doomed;
    bool changed = true;
    while (changed) {
        changed = false;
        for (int pass = 0; pass < 2; ++pass) {
            doomed.clear();
            for (int y = 1; y < img.rows - 1; ++y) {
                const uchar* up = img.ptr<uchar>(y - 1);
                uchar* row = img.ptr<uchar>(y);
                const uchar* down = img.ptr<uchar>(y + 1);
                for (int x = 1; x < img.cols - 1; ++x) {
                    if (!row[x])
                        continue;
                    // Neighbours clockwise from north: p2 … p9.
                    const int p[8] = {up[x],   up[x + 1],   row[x + 1], down[x + 1],
                                      down[x], down[x - 1], row[x - 1], up[x - 1]};
                    const int count = p[0] + p[1] + p[2] + p[3] + p[4] + p[5] + p[6] + p[7];
                    if (count < 2 || count > 6)
                        continue;
                    int transitions = 0;
                    for (int i = 0; i < 8; ++i)
                        transitions += (p[i] == 0 && p[(i + 1) % 8] == 1);
                    if (transitions != 1)
                        continue;
                    const bool first =
                        pass == 0 ? !(p[0] && p[2] && p[4]) : !(p[0] && p[2] && p[6]);
                    const bool second =
                        pass == 0 ? !(p[2] && p[4] && p[6]) : !(p[0] && p[4] && p[6]);
                    if (first && second)
                        doomed.push_back(row + x);
                }
            }
            for (uchar* px : doomed)
                *px = 0;
            changed = changed || !doomed.empty();
        }
    }
    return inner.clone();
}

double strokeWidth(const cv::Mat& ink)
{
    CV_Assert(ink.type() == CV_8UC1);
    cv::Mat solid;
    cv::threshold(ink, solid, 127, 255, cv::THRESH_BINARY);
    const int length = cv::countNonZero(thin(solid));
    if (length == 0)
        return 0;
    return cv::sum(ink)[0] / 255.0 / length;
}

} // namespace dwn::detail

// Times recognitions in the window, as a person triggers them: the shipped model loaded in the
// background, a 7 drawn with the mouse, then Recognize pressed RUNS times (default 5). The
// first press should cost about what the later ones do. Runs on the offscreen platform unless
// QT_QPA_PLATFORM says otherwise.
//
// usage: bench_window [RUNS]

#include <chrono>
#include <cstdlib>
#include <iostream>

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QTest>

#include "canvas.h"
#include "main_window.h"
#include "result_panel.h"

namespace {

// A 7 dragged with the left button down, a point every few pixels as a real mouse reports.
void drawSeven(Canvas* canvas)
{
    QTest::mousePress(canvas, Qt::LeftButton, {}, QPoint(150, 100));
    for (int k = 1; k <= 20; ++k)
        QTest::mouseMove(canvas, QPoint(150 + k * 8, 100));
    for (int k = 1; k <= 20; ++k)
        QTest::mouseMove(canvas, QPoint(310 - k * 5, 100 + k * 15));
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, QPoint(210, 400));
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(2, std::atoi(argv[1])) : 5;
    dwn::Config config;
    MainWindow window(config, DWN_SOURCE_MODELS "/dwn.pt", std::nullopt);
    window.resize(900, 560);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;
    while (window.isLoading())
        QTest::qWait(5);
    if (!window.hasModel()) {
        std::cerr << "bench_window: the shipped model did not load\n";
        return 1;
    }
    drawSeven(window.canvas());
    for (int i = 1; i <= runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        window.recognizeAction()->trigger();
        std::cout << "recognition " << i << ": " << timer.nsecsElapsed() / 1e6 << " ms ("
                  << window.resultPanel()->headline().toStdString() << ")" << std::endl;
    }
    return 0;
}

// The window driven as a person drives it: mouse strokes on the canvas, the actions, saving.
// Runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise; with
// DWN_SCREENSHOTS=DIR it also writes screenshots of the window there.

#include <cmath>
#include <cstdlib>
#include <random>

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTest>
#include <QTranslator>
#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "canvas.h"
#include "drawing.h"
#include "dwn/degradations.h"
#include "dwn/image_io.h"
#include "dwn/preprocess.h"
#include "dwn/reading.h"
#include "main_window.h"
#include "result_panel.h"
#include "temp_dir.h"
#include "tiny_model.h"
#include "translation.h"

namespace {

namespace fs = std::filesystem;
using Stroke = std::vector<QPointF>; // in fractions of the canvas

// Drags the mouse along `stroke` with the left button down.
void draw(Canvas* canvas, const Stroke& stroke)
{
    auto at = [canvas](const QPointF& p) {
        return QPoint(qRound(p.x() * canvas->width()), qRound(p.y() * canvas->height()));
    };
    QTest::mousePress(canvas, Qt::LeftButton, {}, at(stroke.front()));
    for (std::size_t i = 1; i < stroke.size(); ++i) {
        // Intermediate points every few pixels, as a real mouse reports them.
        const QPointF a = stroke[i - 1], b = stroke[i];
        for (int k = 1; k <= 8; ++k)
            QTest::mouseMove(canvas, at(a + (b - a) * (k / 8.0)));
    }
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, at(stroke.back()));
}

Stroke circle(double cx, double cy, double rx, double ry)
{
    Stroke s;
    for (int a = 0; a <= 360; a += 15)
        s.emplace_back(cx + rx * std::cos(a * M_PI / 180), cy + ry * std::sin(a * M_PI / 180));
    return s;
}

class Window : public dwn::test::TempDir {
protected:
    void SetUp() override
    {
        TempDir::SetUp();
        dwn::Config config;
        config.inputs = dir / "inputs";
        window = std::make_unique<MainWindow>(config, fs::path(DWN_SOURCE_DIR "/models/dwn.pt"),
                                              std::nullopt);
        window->resize(900, 560);
        // The question before discarding an unsaved drawing, answered without a dialog.
        window->setDiscardQuestion([this](const QString& question) {
            questions << question;
            return discard;
        });
        window->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
        ASSERT_TRUE(waitForModel());
        QApplication::setActiveWindow(window.get()); // shortcuts go to the active window
        canvas = window->canvas();
    }
    void TearDown() override
    {
        window.reset();
        TempDir::TearDown();
    }
    // Lets the event loop run until the model has loaded in the background.
    bool waitForModel()
    {
        QElapsedTimer waited;
        waited.start();
        while (window->isLoading() && waited.elapsed() < 60000)
            QTest::qWait(5);
        return !window->isLoading();
    }
    QString recognized()
    {
        window->recognizeAction()->trigger();
        return window->resultPanel()->headline();
    }
    void screenshot(const QString& name)
    {
        QCoreApplication::processEvents(); // widgets added since the last event loop turn
        if (const char* folder = std::getenv("DWN_SCREENSHOTS"))
            window->grab().save(QDir(folder).filePath(name));
    }

    std::unique_ptr<MainWindow> window;
    Canvas* canvas = nullptr;
    QStringList questions; // asked before discarding a drawing
    bool discard = true;   // the answer
};

TEST_F(Window, RecognisesADrawnOneSevenAndZero)
{
    draw(canvas, {{0.42, 0.3}, {0.52, 0.18}, {0.52, 0.82}});
    EXPECT_EQ(recognized(), "1");
    canvas->clear();
    draw(canvas, {{0.3, 0.2}, {0.7, 0.2}, {0.45, 0.8}});
    EXPECT_EQ(recognized(), "7");
    screenshot("seven.png");
    canvas->clear();
    draw(canvas, circle(0.5, 0.5, 0.18, 0.3));
    EXPECT_EQ(recognized(), "0");
}

TEST_F(Window, AnEmptyCanvasIsNeverGuessed)
{
    EXPECT_EQ(recognized(), "Draw a digit first");
    screenshot("empty.png");
}

TEST_F(Window, DoodlesAreNotANumber)
{
    // A star in one stroke, and a house.
    draw(canvas, {{0.5, 0.15}, {0.32, 0.8}, {0.78, 0.4}, {0.22, 0.4}, {0.68, 0.8}, {0.5, 0.15}});
    EXPECT_EQ(recognized(), "Not a number");
    screenshot("star.png");
    canvas->clear();
    draw(canvas, {{0.25, 0.45},
                  {0.25, 0.85},
                  {0.75, 0.85},
                  {0.75, 0.45},
                  {0.25, 0.45},
                  {0.5, 0.15},
                  {0.75, 0.45}});
    draw(canvas, {{0.45, 0.85}, {0.45, 0.65}, {0.57, 0.65}, {0.57, 0.85}});
    EXPECT_EQ(recognized(), "Not a number");
}

TEST_F(Window, ADotIsRefusedBeforeTheNetwork)
{
    draw(canvas, {{0.5, 0.5}, {0.501, 0.5}});
    EXPECT_EQ(recognized(), "Not a number");
    EXPECT_EQ(window->resultPanel()->confidence(), "Surely no digit: only a dot or a blot");
    screenshot("dot.png");
}

TEST_F(Window, UndoRedoAndClearWorkPerStroke)
{
    draw(canvas, {{0.3, 0.2}, {0.7, 0.2}});
    draw(canvas, {{0.7, 0.2}, {0.45, 0.8}});
    const QImage both = canvas->image();
    EXPECT_TRUE(canvas->canUndo());
    canvas->undo();
    EXPECT_NE(canvas->image(), both);
    EXPECT_TRUE(canvas->canRedo());
    canvas->redo();
    EXPECT_EQ(canvas->image(), both);
    EXPECT_EQ(recognized(), "7");
    QTest::keyClick(window.get(), Qt::Key_Escape);
    EXPECT_TRUE(canvas->isEmpty());
    EXPECT_EQ(recognized(), "Draw a digit first");
}

TEST_F(Window, SavesThePaintingUnderItsLabel)
{
    draw(canvas, {{0.3, 0.2}, {0.7, 0.2}, {0.45, 0.8}});
    ASSERT_TRUE(window->saveAs("7"));
    ASSERT_TRUE(window->saveAs("7")); // the same second: a new name, nothing overwritten
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir / "inputs" / "7"))
        files.push_back(entry.path());
    ASSERT_EQ(files.size(), 2u);
    for (const fs::path& file : files) {
        EXPECT_EQ(file.filename().string().rfind("7___", 0), 0u) << file;
        EXPECT_EQ(file.extension(), ".png");
        const cv::Mat saved = dwn::readImage(file);
        EXPECT_EQ(saved.cols, canvas->image().width());
    }
}

TEST_F(Window, AFailedSaveKeepsTheDrawing)
{
    dwn::test::writeText(dir / "not-a-folder", "x");
    window->setInputsFolder(dir / "not-a-folder");
    draw(canvas, {{0.3, 0.2}, {0.7, 0.2}, {0.45, 0.8}});
    const QImage before = canvas->image();
    EXPECT_FALSE(window->saveAs("7"));
    EXPECT_TRUE(window->resultPanel()->headline().contains("not saved"));
    EXPECT_EQ(canvas->image(), before);
}

TEST_F(Window, ShowsBeforeTheModelIsReadyAndRecognizesOnceItIs)
{
    window.reset();
    dwn::Config config;
    window = std::make_unique<MainWindow>(config, fs::path(DWN_SOURCE_DIR "/models/dwn.pt"),
                                          std::nullopt);
    // The model comes back to the window through its event loop, which has not run yet.
    EXPECT_TRUE(window->isLoading());
    EXPECT_FALSE(window->hasModel());
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    canvas = window->canvas();
    EXPECT_EQ(QApplication::focusWidget(), canvas) << "keyboard focus starts on the canvas";
    EXPECT_TRUE(window->recognizeAction()->isEnabled()) << "Recognize waits for the model";
    draw(canvas, {{0.3, 0.2}, {0.7, 0.2}, {0.45, 0.8}});
    window->recognizeAction()->trigger();
    if (window->isLoading()) {
        EXPECT_EQ(window->resultPanel()->headline(), "Loading model…");
    }
    ASSERT_TRUE(waitForModel());
    EXPECT_TRUE(window->hasModel());
    EXPECT_EQ(window->resultPanel()->headline(), "7") << "the press was kept until the model came";
}

TEST_F(Window, ABrokenModelDisablesRecognizeUntilAGoodOneIsLoaded)
{
    EXPECT_FALSE(window->loadModel(dir / "none.pt", std::nullopt));
    EXPECT_FALSE(window->recognizeAction()->isEnabled());
    EXPECT_TRUE(window->resultPanel()->headline().contains("none.pt' does not exist"));
    screenshot("broken-model.png");
    EXPECT_TRUE(window->loadModel(DWN_SOURCE_DIR "/models/dwn.pt", std::nullopt));
    EXPECT_TRUE(window->recognizeAction()->isEnabled());
}

// Draws `text` with the strokes of the test drawings, on the canvas's own scale.
void drawNumber(Canvas* canvas, const std::string& text, double gap = 0.35)
{
    const cv::Size size(canvas->width(), canvas->height());
    for (const dwn::PenStroke& s : dwn::test::numberStrokes(text, size, gap, 12)) {
        Stroke stroke;
        for (const cv::Point2f& p : s.points)
            stroke.emplace_back(p.x / size.width, p.y / size.height);
        if (stroke.size() == 1)
            stroke.push_back(stroke.front());
        draw(canvas, stroke);
    }
}

TEST_F(Window, ReadsWholeNumbersAndMarksEachDigit)
{
    drawNumber(canvas, "42");
    EXPECT_EQ(recognized(), "42");
    EXPECT_EQ(canvas->marks().size(), 2);
    canvas->clear();
    EXPECT_TRUE(canvas->marks().isEmpty()) << "the boxes go with the drawing";
    drawNumber(canvas, "2026");
    EXPECT_EQ(recognized(), "2026");
    ASSERT_EQ(canvas->marks().size(), 4);
    EXPECT_TRUE(canvas->marks()[0].selected) << "the first digit is selected";
    EXPECT_TRUE(canvas->marks()[1].text.startsWith("0 "));
    window->resultPanel()->selectSymbol(3);
    EXPECT_TRUE(canvas->marks()[3].selected);
    EXPECT_FALSE(canvas->marks()[0].selected);
    screenshot("number.png");
}

TEST_F(Window, MarksTheDoubtedDigitOfANumber)
{
    drawNumber(canvas, "4*2");
    EXPECT_EQ(recognized(), "4 ? 2");
    ASSERT_EQ(canvas->marks().size(), 3);
    EXPECT_FALSE(canvas->marks()[1].trusted);
    EXPECT_TRUE(canvas->marks()[0].trusted);
    EXPECT_EQ(window->resultPanel()->confidence(), "The network doubts digit 2 of 3");
    screenshot("doubted.png");
}

TEST_F(Window, SaysWhenADigitLooksLikeTwoRunTogether)
{
    // Two 4s overlapping by 0.45 of a digit's width, opened as an image: one component, which
    // the network alone would trust as a 4.
    const cv::Size page(1200, 400);
    const std::filesystem::path file = dir / "44.png";
    dwn::writePngAtomically(
        file, dwn::test::renderStrokes(dwn::test::numberStrokes("44", page, -0.45, 14), page));
    ASSERT_TRUE(window->openImage(QString::fromStdString(file.string())));
    EXPECT_EQ(recognized(), "Not a number");
    ASSERT_EQ(canvas->marks().size(), 1);
    EXPECT_FALSE(canvas->marks()[0].trusted);
    EXPECT_TRUE(canvas->marks()[0].toolTip.contains("looks like two digits run together"))
        << canvas->marks()[0].toolTip.toStdString();
}

TEST_F(Window, SavingANumberSavesItsDigitsToo)
{
    drawNumber(canvas, "42");
    ASSERT_TRUE(window->saveAs("42"));
    for (const char* label : {"42", "4", "2"}) {
        std::size_t files = 0;
        for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir / "inputs" / label))
            ++files;
        EXPECT_EQ(files, 1u) << label;
    }
}

TEST_F(Window, AsksBeforeThrowingAwayAnUnsavedDrawingAndUndoBringsItBack)
{
    draw(canvas, {{0.3, 0.2}, {0.7, 0.2}, {0.45, 0.8}});
    const QImage seven = canvas->image();
    discard = false;
    QTest::keyClick(window.get(), Qt::Key_Escape);
    EXPECT_EQ(questions.size(), 1);
    EXPECT_EQ(canvas->image(), seven) << "kept when the answer is no";
    EXPECT_FALSE(window->openImage(DWN_SOURCE_DIR "/tests/data/three.png"));
    EXPECT_EQ(canvas->image(), seven);
    EXPECT_FALSE(window->close()) << "quitting waits for the answer too";
    EXPECT_EQ(questions.size(), 3);

    discard = true;
    QTest::keyClick(window.get(), Qt::Key_Escape);
    EXPECT_TRUE(canvas->isEmpty());
    canvas->undo();
    EXPECT_EQ(canvas->image(), seven) << "Undo brings a cleared drawing back";
    canvas->redo();
    EXPECT_TRUE(canvas->isEmpty());
    canvas->undo();

    ASSERT_TRUE(window->saveAs("7"));
    questions.clear();
    QTest::keyClick(window.get(), Qt::Key_Escape);
    EXPECT_TRUE(questions.isEmpty()) << "a saved drawing goes without asking";
    EXPECT_TRUE(canvas->isEmpty());

    EXPECT_TRUE(window->openImage(DWN_SOURCE_DIR "/tests/data/three.png"));
    canvas->undo();
    EXPECT_TRUE(canvas->isEmpty()) << "Undo takes an opened image back";
}

TEST_F(Window, AsksNothingWhenTheSettingSaysSo)
{
    window.reset();
    dwn::Config config;
    config.confirm = false;
    window = std::make_unique<MainWindow>(config, fs::path(DWN_SOURCE_DIR "/models/dwn.pt"),
                                          std::nullopt);
    window->setDiscardQuestion([this](const QString& question) {
        questions << question;
        return false;
    });
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
    canvas = window->canvas();
    draw(canvas, {{0.3, 0.2}, {0.7, 0.2}, {0.45, 0.8}});
    QTest::keyClick(window.get(), Qt::Key_Escape);
    EXPECT_TRUE(canvas->isEmpty());
    EXPECT_TRUE(questions.isEmpty());
}

TEST_F(Window, TabReachesEveryControl)
{
    draw(canvas, {{0.3, 0.2}, {0.7, 0.2}, {0.45, 0.8}}); // so that Clear, Undo and Save are on
    canvas->setFocus();
    QStringList reached;
    for (int i = 0; i < 20; ++i) {
        QWidget* focused = QApplication::focusWidget();
        ASSERT_NE(focused, nullptr);
        if (auto* button = qobject_cast<QAbstractButton*>(focused))
            reached << button->text();
        else
            reached << focused->metaObject()->className();
        QTest::keyClick(focused, Qt::Key_Tab);
    }
    for (const char* control :
         {"Recognize", "Clear", "Undo", "Save to inputs…", "QSpinBox", "Live", "Canvas"})
        EXPECT_TRUE(reached.contains(control))
            << control << " not reached by Tab: " << reached.join(", ").toStdString();
}

TEST_F(Window, SpeaksRussianWhereTheSystemDoes)
{
    QTranslator* russian = installTranslation(*qApp, QLocale(QLocale::Russian, QLocale::Russia));
    ASSERT_NE(russian, nullptr) << "the Russian translation was not found";
    dwn::Config config;
    MainWindow translated(config, fs::path(DWN_SOURCE_DIR "/models/dwn.pt"), std::nullopt);
    EXPECT_EQ(translated.recognizeAction()->text(), QString::fromUtf8("&Распознать"));
    EXPECT_EQ(translated.resultPanel()->headline(),
              QString::fromUtf8("Напишите цифру или число и нажмите «Распознать»"));
    QCoreApplication::removeTranslator(russian);
    delete russian;
    EXPECT_EQ(installTranslation(*qApp, QLocale(QLocale::English, QLocale::UnitedStates)), nullptr)
        << "English is the language of the source";
}

// The shipped model reads digits cut from soft ink with its crop head, against a lower threshold.
TEST_F(Window, NamesBothThresholdsOfTheModel)
{
    const QString status = window->modelStatus();
    EXPECT_TRUE(status.startsWith("Model dwn.pt on ")) << status.toStdString();
    EXPECT_TRUE(status.endsWith(", trusted above 0.6173 (softmax; digits in soft ink above 0.55)"))
        << status.toStdString();
}

TEST_F(Window, OpensAnImageFileOntoTheCanvas)
{
    EXPECT_TRUE(window->openImage(DWN_SOURCE_DIR "/tests/data/three.png"));
    EXPECT_EQ(recognized(), "3");
    EXPECT_FALSE(window->openImage(DWN_SOURCE_DIR "/tests/data/missing.png"));
}

// A photo of a drawn 3 in uneven light, and a 7 on squared paper: opened, they are read as
// the clean drawings are.
TEST_F(Window, ReadsAPhotographedDigitAndOneOnSquaredPaper)
{
    const std::filesystem::path folder =
        std::filesystem::temp_directory_path() /
        ("dwn-app-photo-" + std::to_string(QCoreApplication::applicationPid()));
    std::filesystem::create_directories(folder);
    for (const auto& [name, kind] : {std::pair{"three", dwn::Degradation::Photographed},
                                     std::pair{"seven", dwn::Degradation::Squared}}) {
        const cv::Mat digit = dwn::preprocess(dwn::readImage(DWN_SOURCE_DIR "/tests/data/" +
                                                             std::string(name) + ".png"))
                                  .image;
        std::mt19937 rng(1);
        const std::filesystem::path file = folder / (std::string(name) + ".png");
        dwn::writePngAtomically(file, dwn::degradeDigit(digit, kind, rng));
        ASSERT_TRUE(window->openImage(QString::fromStdString(file.string())));
        EXPECT_EQ(recognized(), name == std::string("three") ? "3" : "7") << name;
        screenshot(QString("photo-") + name + ".png");
    }
    std::filesystem::remove_all(folder);
}

// A small scan of "2026" in black and white, and a photo of it: the canvas shows them enlarged
// and smoothed (the photo's light evened out), but they are read from the files' own pixels,
// as dwn recognize reads them, and boxed where they are shown.
TEST_F(Window, ReadsAnOpenedImageFromItsOwnPixels)
{
    const cv::Size page(1200, 400);
    cv::Mat small;
    cv::resize(dwn::test::renderStrokes(dwn::test::numberStrokes("2026", page, 0.35, 24), page),
               small, {}, 0.2, 0.2, cv::INTER_AREA);
    std::mt19937 rng(1);
    const std::pair<std::string, cv::Mat> files[] = {
        {"scan", (small > 128) & 255},
        {"photo", dwn::degradeNumber(small, 40, dwn::Degradation::Photographed, rng)}};
    dwn::ClassifierOptions options;
    options.model = DWN_SOURCE_DIR "/models/dwn.pt";
    const dwn::Classifier classifier(options);
    for (const auto& [name, image] : files) {
        const fs::path file = dir / (name + ".png");
        dwn::writePngAtomically(file, image);
        ASSERT_TRUE(window->openImage(QString::fromStdString(file.string())));
        EXPECT_EQ(recognized(), "2026") << name;
        const dwn::Reading expected =
            dwn::readNumber(classifier, dwn::piecesOfImage(dwn::readImage(file)));
        const dwn::Reading& shown = window->resultPanel()->reading();
        ASSERT_EQ(shown.symbols.size(), expected.symbols.size()) << name;
        const QRect at = canvas->backgroundRect();
        for (std::size_t i = 0; i < shown.symbols.size(); ++i) {
            EXPECT_EQ(cv::norm(shown.symbols[i].input.image, expected.symbols[i].input.image,
                               cv::NORM_INF),
                      0)
                << name << " " << i << ": the network saw the file's pixels";
            const cv::Rect& box = shown.symbols[i].box;
            EXPECT_TRUE(at.contains(QRect(box.x, box.y, box.width, box.height))) << name << i;
            EXPECT_NEAR(box.x, at.x() + expected.symbols[i].box.x * at.width() / double(image.cols),
                        1)
                << name << " " << i;
        }
        screenshot(QString::fromStdString("opened-" + name + ".png"));
    }
}

// The line under the number names the threshold each digit passed: the crop reading's is lower
// than the card's.
TEST(Panel, SaysWhichThresholdTheDigitsPassed)
{
    dwn::ModelCard card;
    card.trustedThreshold = 0.617;
    card.score = dwn::ScoreKind::Softmax;
    const auto digitOf = [](int digit, float score, float threshold) {
        dwn::Symbol s;
        s.input.image = cv::Mat(28, 28, CV_8UC1, cv::Scalar(0));
        s.verdict.digit = digit;
        s.verdict.probabilities[static_cast<std::size_t>(digit)] = score;
        s.verdict.score = score;
        s.verdict.threshold = threshold;
        s.verdict.accepted = score > threshold;
        return s;
    };
    dwn::Reading one;
    one.symbols = {digitOf(7, 0.6F, 0.55F)};
    one.number = "7";
    one.accepted = true;
    ResultPanel panel;
    panel.showReading(one, 1, card);
    EXPECT_EQ(panel.confidence(), "Trusted: score 0.60 above 0.55");
    dwn::Reading two = one;
    two.symbols.push_back(digitOf(4, 0.9F, 0.617F));
    two.number = "74";
    panel.showReading(two, 1, card);
    EXPECT_EQ(panel.confidence(), "All 2 digits trusted (score above 0.55)");
    two.symbols.front().verdict.threshold = 0.617F;
    two.symbols.front().verdict.score = 0.7F;
    panel.showReading(two, 1, card);
    EXPECT_EQ(panel.confidence(), "All 2 digits trusted (score above 0.62)");
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName("DetectWrittenNumberTests");
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}

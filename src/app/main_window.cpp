#include "main_window.h"

#include <chrono>
#include <iostream>

#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QToolBar>

#include <opencv2/imgproc.hpp>

#include "canvas.h"
#include "dwn/error.h"
#include "dwn/image_io.h"
#include "dwn/preprocess.h"
#include "result_panel.h"

namespace {

const int kLiveDelayMs = 250; // live mode waits this long after the last change

// A view of a QImage in RGB32 as a BGRA cv::Mat (no copy).
cv::Mat toMat(const QImage& image)
{
    return cv::Mat(image.height(), image.width(), CV_8UC4, const_cast<uchar*>(image.constBits()),
                   static_cast<std::size_t>(image.bytesPerLine()));
}

QImage toQImage(const cv::Mat& gray)
{
    return QImage(gray.data, gray.cols, gray.rows, static_cast<int>(gray.step),
                  QImage::Format_Grayscale8)
        .copy();
}

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace

MainWindow::MainWindow(const dwn::Config& config, const std::filesystem::path& model,
                       const std::optional<std::filesystem::path>& card)
    : m_canvas(new Canvas), m_result(new ResultPanel), m_modelStatus(new QLabel),
      m_device(config.device), m_inputs(config.inputs)
{
    setWindowTitle(tr("DetectWrittenNumber"));
    auto* central = new QWidget;
    auto* layout = new QHBoxLayout(central);
    layout->addWidget(m_canvas, 3);
    layout->addWidget(m_result, 2);
    setCentralWidget(central);
    m_canvas->setPenWidth(config.penWidth);

    createActions();
    createMenus();
    createToolBar();
    statusBar()->addPermanentWidget(m_modelStatus);
    m_liveAct->setChecked(config.live);

    m_liveTimer.setSingleShot(true);
    m_liveTimer.setInterval(kLiveDelayMs);
    connect(&m_liveTimer, &QTimer::timeout, this, &MainWindow::recognize);
    connect(m_canvas, &Canvas::changed, this, [this] {
        updateActions();
        if (m_liveAct->isChecked() && m_classifier && !m_canvas->isEmpty())
            m_liveTimer.start();
    });
    connect(m_canvas, &Canvas::fileDropped, this, &MainWindow::openImage);

    QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray()))
        resize(900, 560);
    if (model.empty()) {
        m_modelStatus->setText(tr("No model"));
        showProblem(tr("No model was found.\nOpen one with File > Open Model."));
        updateActions();
    } else {
        loadModel(model, card);
    }
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_recognizeAct = new QAction(tr("&Recognize"), this);
    m_recognizeAct->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    m_recognizeAct->setToolTip(tr("Say which digit is drawn (Enter)"));
    connect(m_recognizeAct, &QAction::triggered, this, &MainWindow::recognize);

    m_clearAct = new QAction(tr("&Clear"), this);
    m_clearAct->setShortcut(Qt::Key_Escape);
    m_clearAct->setToolTip(tr("Wipe the canvas (Esc)"));
    connect(m_clearAct, &QAction::triggered, m_canvas, &Canvas::clear);

    m_undoAct = new QAction(tr("&Undo"), this);
    m_undoAct->setShortcut(QKeySequence::Undo);
    m_undoAct->setToolTip(tr("Take back the last stroke (Ctrl+Z)"));
    connect(m_undoAct, &QAction::triggered, m_canvas, &Canvas::undo);

    m_redoAct = new QAction(tr("&Redo"), this);
    m_redoAct->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});
    m_redoAct->setToolTip(tr("Put the stroke back (Ctrl+Shift+Z)"));
    connect(m_redoAct, &QAction::triggered, m_canvas, &Canvas::redo);

    m_saveAct = new QAction(tr("&Save to inputs…"), this);
    m_saveAct->setShortcut(QKeySequence::Save);
    m_saveAct->setToolTip(tr("Save the drawing with its label into the inputs folder (Ctrl+S)"));
    connect(m_saveAct, &QAction::triggered, this, &MainWindow::save);

    m_openImageAct = new QAction(tr("&Open Image…"), this);
    m_openImageAct->setShortcut(QKeySequence::Open);
    m_openImageAct->setToolTip(tr("Put an image file on the canvas (Ctrl+O)"));
    connect(m_openImageAct, &QAction::triggered, this, &MainWindow::openImageDialog);

    m_openModelAct = new QAction(tr("Open &Model…"), this);
    m_openModelAct->setShortcut(Qt::CTRL | Qt::Key_M);
    m_openModelAct->setToolTip(tr("Load another TorchScript model with its data.json (Ctrl+M)"));
    connect(m_openModelAct, &QAction::triggered, this, &MainWindow::openModelDialog);

    m_liveAct = new QAction(tr("&Live"), this);
    m_liveAct->setCheckable(true);
    m_liveAct->setShortcut(Qt::CTRL | Qt::Key_L);
    m_liveAct->setToolTip(tr("Recognize while drawing (Ctrl+L)"));

    m_quitAct = new QAction(tr("&Quit"), this);
    m_quitAct->setShortcut(QKeySequence::Quit);
    connect(m_quitAct, &QAction::triggered, this, &QWidget::close);

    m_aboutAct = new QAction(tr("&About"), this);
    connect(m_aboutAct, &QAction::triggered, this, &MainWindow::about);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openImageAct);
    file->addAction(m_saveAct);
    file->addSeparator();
    file->addAction(m_openModelAct);
    file->addSeparator();
    file->addAction(m_quitAct);
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undoAct);
    edit->addAction(m_redoAct);
    edit->addAction(m_clearAct);
    QMenu* recognize = menuBar()->addMenu(tr("&Recognize"));
    recognize->addAction(m_recognizeAct);
    recognize->addAction(m_liveAct);
    menuBar()->addMenu(tr("&Help"))->addAction(m_aboutAct);
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Drawing"));
    bar->setObjectName("drawing");
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(m_recognizeAct);
    bar->addAction(m_clearAct);
    bar->addAction(m_undoAct);
    bar->addAction(m_redoAct);
    bar->addAction(m_saveAct);
    bar->addSeparator();
    auto* pen = new QSpinBox;
    pen->setRange(1, 100);
    pen->setValue(m_canvas->penWidth());
    pen->setSuffix(tr(" px"));
    pen->setPrefix(tr("Pen "));
    pen->setToolTip(tr("Pen width"));
    connect(pen, &QSpinBox::valueChanged, m_canvas, &Canvas::setPenWidth);
    bar->addWidget(pen);
    bar->addAction(m_liveAct);
}

void MainWindow::updateActions()
{
    const bool drawn = !m_canvas->isEmpty();
    m_recognizeAct->setEnabled(m_classifier != nullptr);
    m_clearAct->setEnabled(drawn);
    m_undoAct->setEnabled(m_canvas->canUndo());
    m_redoAct->setEnabled(m_canvas->canRedo());
    m_saveAct->setEnabled(drawn);
}

bool MainWindow::loadModel(const std::filesystem::path& model,
                           const std::optional<std::filesystem::path>& card)
{
    try {
        dwn::ClassifierOptions options;
        options.model = model;
        options.card = card;
        options.device = m_device;
        m_classifier = std::make_unique<dwn::Classifier>(options);
    } catch (const dwn::Error& e) {
        m_classifier.reset();
        m_modelStatus->setText(tr("No model"));
        showProblem(tr("The model could not be loaded: %1\nOpen a model with File > Open Model.")
                        .arg(qs(e.what())));
        updateActions();
        return false;
    }
    const dwn::ModelCard& c = m_classifier->card();
    m_modelStatus->setText(tr("Model %1 on %2, trusted above %3 (%4)")
                               .arg(qs(model.filename().string()))
                               .arg(qs(m_classifier->deviceName()))
                               .arg(c.trustedThreshold, 0, 'g', 4)
                               .arg(dwn::toString(c.score)));
    m_result->showMessage(tr("Draw a digit, then press Recognize"));
    updateActions();
    return true;
}

void MainWindow::recognize()
{
    if (!m_classifier)
        return;
    if (m_canvas->isEmpty()) {
        m_result->showMessage(tr("Draw a digit first"));
        return;
    }
    const auto start = std::chrono::steady_clock::now();
    dwn::Preprocessed seen;
    try {
        seen = dwn::preprocess(toMat(m_canvas->image()));
    } catch (const dwn::Error&) { // only white paper: nothing to guess from
        m_result->showMessage(tr("Draw a digit first"));
        return;
    }
    const dwn::Verdict verdict = m_classifier->classify(seen);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    m_result->showVerdict(verdict, toQImage(seen.image), ms, m_classifier->card());
    m_lastRejected = !verdict.accepted;
    m_lastDigit = verdict.accepted ? std::optional<int>(verdict.digit) : std::nullopt;
    if (verdict.accepted)
        std::cout << "[INFO]\tUser painted '" << verdict.digit << "'" << std::endl;
    else
        std::cout << "[INFO]\tUser painted NOT a number" << std::endl;
}

bool MainWindow::saveAs(const QString& label)
{
    try {
        const cv::Mat gray = [this] {
            cv::Mat g;
            cv::cvtColor(toMat(m_canvas->image()), g, cv::COLOR_BGRA2GRAY);
            return g;
        }();
        const std::filesystem::path file =
            dwn::saveDrawing(m_inputs, label.toStdString(), gray, std::time(nullptr));
        statusBar()->showMessage(tr("Saved %1").arg(qs(file.string())), 5000);
        return true;
    } catch (const dwn::Error& e) {
        showProblem(tr("The drawing was not saved: %1").arg(qs(e.what())));
        return false;
    }
}

void MainWindow::save()
{
    if (m_canvas->isEmpty())
        return;
    QStringList labels;
    for (int d = 0; d <= 9; ++d)
        labels << QString::number(d);
    labels << QStringLiteral("not_number");
    const int current = m_lastDigit ? *m_lastDigit : (m_lastRejected ? 10 : 0);
    bool ok = false;
    const QString label = QInputDialog::getItem(
        this, tr("Save to inputs"), tr("What does the drawing show? Type or pick its label:"),
        labels, current, false, &ok);
    if (ok)
        saveAs(label);
}

bool MainWindow::openImage(const QString& path)
{
    try {
        m_canvas->setBackground(toQImage(dwn::inkOnPaper(dwn::readImage(path.toStdString()))));
        statusBar()->showMessage(tr("Opened %1").arg(path), 5000);
        return true;
    } catch (const dwn::Error& e) {
        showProblem(qs(e.what()));
        return false;
    }
}

void MainWindow::openImageDialog()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Image"), QString(),
                                     tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)"));
    if (!path.isEmpty())
        openImage(path);
}

void MainWindow::openModelDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Model"), QString(),
                                                      tr("TorchScript models (*.pt *.pth)"));
    if (path.isEmpty())
        return;
    const std::filesystem::path model = path.toStdString();
    std::optional<std::filesystem::path> card;
    if (!std::filesystem::exists(dwn::modelCardPathFor(model))) {
        const QString json =
            QFileDialog::getOpenFileName(this, tr("Open the model's data.json"),
                                         QFileInfo(path).absolutePath(), tr("Model card (*.json)"));
        if (json.isEmpty())
            return;
        card = json.toStdString();
    }
    loadModel(model, card);
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About DetectWrittenNumber"),
                       tr("<b>DetectWrittenNumber %1</b><p>Draw a digit and press Recognize. The "
                          "network's answer is trusted only above the threshold in its "
                          "data.json; below it the drawing is <i>not a number</i>.</p>")
                           .arg(DWN_VERSION));
}

void MainWindow::showProblem(const QString& message)
{
    m_result->showMessage(message);
    statusBar()->showMessage(message.section('\n', 0, 0), 10000);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    event->accept();
}

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
#include <QThread>
#include <QToolBar>

#include <opencv2/imgproc.hpp>

#include "canvas.h"
#include "dwn/error.h"
#include "dwn/image_io.h"
#include "dwn/number_eval.h"
#include "dwn/preprocess.h"
#include "dwn/segmentation.h"
#include "gray_image.h"
#include "result_panel.h"

namespace {

const int kLiveDelayMs = 250; // live mode waits this long after the last change

// A view of a QImage in RGB32 as a BGRA cv::Mat, or of one in Grayscale8 as a grey one (no
// copy).
cv::Mat toMat(const QImage& image)
{
    const int type = image.format() == QImage::Format_Grayscale8 ? CV_8UC1 : CV_8UC4;
    return cv::Mat(image.height(), image.width(), type, const_cast<uchar*>(image.constBits()),
                   static_cast<std::size_t>(image.bytesPerLine()));
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
    m_canvas->setFocus(); // keyboard focus starts on the drawing, not on the pen width
    m_canvas->setPenWidth(config.penWidth);

    createActions();
    createMenus();
    createToolBar();
    statusBar()->addPermanentWidget(m_modelStatus);
    m_liveAct->setChecked(config.live);

    m_liveTimer.setSingleShot(true);
    m_liveTimer.setInterval(kLiveDelayMs);
    connect(&m_liveTimer, &QTimer::timeout, this, &MainWindow::recognize);
    m_confirm = config.confirm;
    m_ask = [this](const QString& question) {
        return QMessageBox::question(this, tr("Drawing not saved"), question) == QMessageBox::Yes;
    };
    connect(m_canvas, &Canvas::changed, this, [this] {
        ++m_changes;
        updateActions();
        if (m_liveAct->isChecked() && m_classifier && !m_canvas->isEmpty())
            m_liveTimer.start();
    });
    connect(m_canvas, &Canvas::fileDropped, this, &MainWindow::openImage);
    connect(m_result, &ResultPanel::symbolSelected, m_canvas, &Canvas::selectMark);

    QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray()))
        resize(900, 560);
    if (model.empty()) {
        m_modelStatus->setText(tr("No model"));
        showProblem(tr("No model was found.\nOpen one with File > Open Model."));
        updateActions();
    } else {
        loadModelInBackground(model, card);
    }
}

MainWindow::~MainWindow()
{
    // The load finishes first: the classifier it builds must not outlive us. Its thread object
    // goes with us too (its own deleteLater may never run once the event loop has stopped).
    if (m_loader) {
        m_loader->wait();
        delete m_loader;
    }
}

void MainWindow::createActions()
{
    m_recognizeAct = new QAction(tr("&Recognize"), this);
    m_recognizeAct->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    m_recognizeAct->setToolTip(tr("Say which number is written (Enter)"));
    connect(m_recognizeAct, &QAction::triggered, this, &MainWindow::recognize);

    m_clearAct = new QAction(tr("&Clear"), this);
    m_clearAct->setShortcut(Qt::Key_Escape);
    m_clearAct->setToolTip(tr("Wipe the canvas (Esc)"));
    connect(m_clearAct, &QAction::triggered, this, &MainWindow::clearCanvas);

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
    // Every button is reached with Tab (a toolbar's buttons take no focus by default), and
    // the canvas comes first.
    for (QAction* action : bar->actions())
        if (QWidget* button = bar->widgetForAction(action); button && button != pen)
            button->setFocusPolicy(Qt::TabFocus);
    setTabOrder(m_canvas, bar->widgetForAction(m_recognizeAct));
}

void MainWindow::updateActions()
{
    const bool drawn = !m_canvas->isEmpty();
    m_recognizeAct->setEnabled(m_classifier != nullptr || m_loading);
    m_clearAct->setEnabled(drawn);
    m_undoAct->setEnabled(m_canvas->canUndo());
    m_redoAct->setEnabled(m_canvas->canRedo());
    m_saveAct->setEnabled(drawn);
}

dwn::ClassifierOptions
MainWindow::optionsFor(const std::filesystem::path& model,
                       const std::optional<std::filesystem::path>& card) const
{
    dwn::ClassifierOptions options;
    options.model = model;
    options.card = card;
    options.device = m_device;
    return options;
}

bool MainWindow::loadModel(const std::filesystem::path& model,
                           const std::optional<std::filesystem::path>& card)
{
    try {
        return useModel(std::make_unique<dwn::Classifier>(optionsFor(model, card)), {});
    } catch (const dwn::Error& e) {
        return useModel(nullptr, qs(e.what()));
    }
}

void MainWindow::loadModelInBackground(const std::filesystem::path& model,
                                       const std::optional<std::filesystem::path>& card)
{
    m_loading = true;
    m_modelStatus->setText(tr("Loading model…"));
    updateActions();
    m_pendingLoad = optionsFor(model, card);
    if (isVisible())
        QTimer::singleShot(0, this, &MainWindow::startLoading);
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    // Loading LibTorch holds the dynamic loader, which showing the window needs too (Qt's
    // plugins): the load starts once the window is up.
    if (m_pendingLoad)
        QTimer::singleShot(0, this, &MainWindow::startLoading);
}

void MainWindow::startLoading()
{
    if (!m_pendingLoad || m_loader)
        return;
    const dwn::ClassifierOptions options = *m_pendingLoad;
    m_pendingLoad.reset();
    m_loader = QThread::create([this, options] {
        std::shared_ptr<dwn::Classifier> loaded;
        QString problem;
        try {
            loaded = std::make_shared<dwn::Classifier>(options);
        } catch (const dwn::Error& e) {
            problem = qs(e.what());
        }
        // Back on the window's thread (dropped if the window is gone by then).
        QMetaObject::invokeMethod(
            this,
            [this, loaded, problem] {
                useModel(loaded ? std::make_unique<dwn::Classifier>(std::move(*loaded)) : nullptr,
                         problem);
            },
            Qt::QueuedConnection);
    });
    connect(m_loader, &QThread::finished, m_loader, &QObject::deleteLater);
    m_loader->start();
}

bool MainWindow::useModel(std::unique_ptr<dwn::Classifier> classifier, const QString& problem)
{
    m_loading = false;
    m_classifier = std::move(classifier);
    if (!m_classifier) {
        m_recognizeWhenLoaded = false;
        m_modelStatus->setText(tr("No model"));
        showProblem(tr("The model could not be loaded: %1\nOpen a model with File > Open Model.")
                        .arg(problem));
        updateActions();
        Q_EMIT modelReady(false);
        return false;
    }
    // The first inference on this thread sets up its threads: done now, not at the first drawing.
    m_classifier->classify(cv::Mat(28, 28, CV_8UC1, cv::Scalar(0)));
    const dwn::ModelCard& c = m_classifier->card();
    const QString model = qs(m_classifier->modelPath().filename().string());
    const QString device = qs(m_classifier->deviceName());
    const double crops = m_classifier->threshold(dwn::Head::Crops);
    m_modelStatus->setText(
        crops == c.trustedThreshold
            ? tr("Model %1 on %2, trusted above %3 (%4)")
                  .arg(model, device)
                  .arg(c.trustedThreshold, 0, 'g', 4)
                  .arg(dwn::toString(c.score))
            : tr("Model %1 on %2, trusted above %3 (%4; digits in soft ink above %5)")
                  .arg(model, device)
                  .arg(c.trustedThreshold, 0, 'g', 4)
                  .arg(dwn::toString(c.score))
                  .arg(crops, 0, 'g', 4));
    updateActions();
    Q_EMIT modelReady(true);
    if (m_recognizeWhenLoaded) {
        m_recognizeWhenLoaded = false;
        recognize();
    } else {
        m_result->showMessage(tr("Write a digit or a number, then press Recognize"));
    }
    return true;
}

dwn::Reading MainWindow::readCanvas() const
{
    if (m_canvas->hasBackground() && !m_canvas->hasStrokes())
        return readOpenedImage();
    const dwn::Pieces pieces =
        m_canvas->hasBackground()
            ? dwn::piecesOfImage(toMat(m_canvas->image()))
            : dwn::piecesOfStrokes(m_canvas->penStrokes(),
                                   {m_canvas->image().width(), m_canvas->image().height()});
    return dwn::readNumber(*m_classifier, pieces);
}

dwn::Reading MainWindow::readOpenedImage() const
{
    const QImage opened = m_canvas->background().convertToFormat(QImage::Format_Grayscale8);
    const cv::Mat pixels =
        m_canvas->background().cacheKey() == m_openedKey ? m_openedPixels : toMat(opened);
    dwn::Reading reading = dwn::readNumber(*m_classifier, dwn::piecesOfImage(pixels));
    // The boxes where the canvas shows them.
    const QRect at = m_canvas->backgroundRect();
    const double sx = double(at.width()) / opened.width(),
                 sy = double(at.height()) / opened.height();
    for (dwn::Symbol& s : reading.symbols)
        s.box = cv::Rect(at.x() + cvRound(s.box.x * sx), at.y() + cvRound(s.box.y * sy),
                         std::max(1, cvRound(s.box.width * sx)),
                         std::max(1, cvRound(s.box.height * sy)));
    return reading;
}

void MainWindow::recognize()
{
    if (m_loading) { // recognized as soon as the model is there
        m_recognizeWhenLoaded = true;
        m_result->showMessage(tr("Loading model…"));
        return;
    }
    if (!m_classifier)
        return;
    if (m_canvas->isEmpty()) {
        m_result->showMessage(tr("Draw a digit first"));
        return;
    }
    const auto start = std::chrono::steady_clock::now();
    dwn::Reading reading;
    try {
        reading = readCanvas();
    } catch (const dwn::Error& e) {
        const std::string why = e.what();
        // Only white paper: nothing to guess from.
        m_result->showMessage(why == "nothing drawn" ? tr("Draw a digit first")
                                                     : tr("Not a number: %1").arg(qs(why)));
        return;
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    m_result->showReading(reading, ms, m_classifier->card());
    showMarks(reading);
    m_result->selectSymbol(m_result->selectedSymbol()); // mark the selected box on the canvas
    m_lastRejected = !reading.accepted;
    m_lastNumber = reading.accepted ? qs(reading.number) : QString();
    if (reading.accepted)
        std::cout << "[INFO]\tUser painted '" << reading.number << "'" << std::endl;
    else
        std::cout << "[INFO]\tUser painted NOT a number" << std::endl;
}

void MainWindow::showMarks(const dwn::Reading& reading)
{
    const qreal dpr = m_canvas->image().devicePixelRatio();
    QVector<Canvas::Mark> marks;
    for (const dwn::Symbol& s : reading.symbols) {
        Canvas::Mark mark;
        mark.box = QRectF(s.box.x / dpr, s.box.y / dpr, s.box.width / dpr, s.box.height / dpr)
                       .adjusted(-3, -3, 3, 3);
        mark.text = ResultPanel::labelOf(s);
        mark.trusted = s.kind == dwn::SymbolKind::Minus || s.kind == dwn::SymbolKind::Point ||
                       (s.kind == dwn::SymbolKind::Digit && s.verdict.accepted);
        switch (s.kind) {
        case dwn::SymbolKind::Digit:
            mark.toolTip =
                s.verdict.accepted
                    ? tr("%1, trusted (score %2)").arg(mark.text).arg(s.verdict.score, 0, 'f', 2)
                : s.runTogether
                    ? tr("%1, doubted: it looks like two digits run together (score %2)")
                          .arg(mark.text)
                          .arg(s.verdict.score, 0, 'f', 2)
                    : tr("%1, doubted (score %2)").arg(mark.text).arg(s.verdict.score, 0, 'f', 2);
            break;
        case dwn::SymbolKind::Minus:
            mark.toolTip = tr("A minus sign");
            break;
        case dwn::SymbolKind::Point:
            mark.toolTip = tr("A decimal point");
            break;
        case dwn::SymbolKind::Mark:
            mark.toolTip = tr("A mark that is no digit, minus sign or decimal point");
            break;
        }
        marks.push_back(mark);
    }
    m_canvas->setMarks(marks);
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
        if (label.size() > 1 && m_classifier && dwn::numberLabelOf(label.toStdString() + ".png")) {
            const dwn::Reading reading = readCanvas();
            const std::string digits = label.toStdString();
            if (reading.number == digits)
                saveDigits(reading, gray);
        }
        statusBar()->showMessage(tr("Saved %1").arg(qs(file.string())), 5000);
        m_savedAt = m_changes;
        return true;
    } catch (const dwn::Error& e) {
        showProblem(tr("The drawing was not saved: %1").arg(qs(e.what())));
        return false;
    }
}

void MainWindow::saveDigits(const dwn::Reading& reading, const cv::Mat& gray)
{
    const cv::Rect whole(0, 0, gray.cols, gray.rows);
    for (const dwn::Symbol* d : reading.digits()) {
        const int margin = std::max(d->box.width, d->box.height) / 5 + 2;
        const cv::Rect around(d->box.x - margin, d->box.y - margin, d->box.width + 2 * margin,
                              d->box.height + 2 * margin);
        dwn::saveDrawing(m_inputs, std::to_string(d->verdict.digit), gray(around & whole).clone(),
                         std::time(nullptr));
    }
}

void MainWindow::save()
{
    if (m_canvas->isEmpty())
        return;
    QStringList labels;
    if (!m_lastNumber.isEmpty())
        labels << m_lastNumber;
    for (int d = 0; d <= 9; ++d)
        labels << QString::number(d);
    labels << QStringLiteral("not_number");
    const int current = !m_lastNumber.isEmpty() ? 0 : (m_lastRejected ? labels.size() - 1 : 0);
    bool ok = false;
    const QString label =
        QInputDialog::getItem(this, tr("Save to inputs"),
                              tr("What does the drawing show? Type the number, or pick a label:"),
                              labels, current, true, &ok)
            .trimmed();
    if (!ok)
        return;
    if (label != QStringLiteral("not_number") &&
        !dwn::numberLabelOf(label.toStdString() + ".png")) {
        showProblem(
            tr("'%1' is no label: type a number such as 2026 or -3.5, or not_number").arg(label));
        return;
    }
    saveAs(label);
}

bool MainWindow::mayDiscard(const QString& question)
{
    return !m_confirm || m_canvas->isEmpty() || m_changes == m_savedAt || m_ask(question);
}

void MainWindow::clearCanvas()
{
    if (mayDiscard(tr("Clear the drawing? It is not saved (Undo brings it back).")))
        m_canvas->clear();
}

bool MainWindow::openImage(const QString& path)
{
    if (!mayDiscard(tr("Open %1 in place of the drawing? It is not saved (Undo brings it "
                       "back).")
                        .arg(QFileInfo(path).fileName())))
        return false;
    try {
        cv::Mat pixels = dwn::readImage(path.toStdString());
        const QImage shown = toQImage(dwn::inkOnPaper(pixels));
        m_canvas->setBackground(shown);
        m_openedPixels = std::move(pixels);
        m_openedKey = shown.cacheKey();
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

QString MainWindow::modelStatus() const
{
    return m_modelStatus->text();
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About DetectWrittenNumber"),
                       tr("<b>DetectWrittenNumber %1</b><p>Write a digit or a number and press "
                          "Recognize. Each digit's answer is trusted only above the threshold "
                          "in the model's data.json; the number is read when every digit is, "
                          "and otherwise the doubted digits are marked.</p>")
                           .arg(DWN_VERSION));
}

void MainWindow::showProblem(const QString& message)
{
    m_result->showMessage(message);
    statusBar()->showMessage(message.section('\n', 0, 0), 10000);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!mayDiscard(tr("Quit without saving the drawing?"))) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    event->accept();
}

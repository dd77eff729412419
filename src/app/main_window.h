#pragma once
// The main window: it owns the classifier, wires the actions to the canvas, and is the only
// place that talks to the user (status bar, messages, dialogs).

#include <functional>
#include <memory>
#include <optional>

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include "dwn/classifier.h"
#include "dwn/config.h"
#include "dwn/reading.h"

class Canvas;
class ResultPanel;
class QAction;
class QLabel;
class QThread;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // `model` and `card` as found from the flags and the config (`model` empty: none was
    // found); the model's errors are shown in the window, which opens in any case.
    MainWindow(const dwn::Config& config, const std::filesystem::path& model,
               const std::optional<std::filesystem::path>& card);
    ~MainWindow() override;

    // Loads a model and its data.json. On failure the window says why, Recognize stays
    // disabled until a good model is loaded, and false is returned.
    bool loadModel(const std::filesystem::path& model,
                   const std::optional<std::filesystem::path>& card);
    // The same on another thread, while the window stays usable: the status bar says
    // "Loading model…", and Recognize pressed meanwhile recognizes once the model is there.
    // modelReady() says when it is done.
    void loadModelInBackground(const std::filesystem::path& model,
                               const std::optional<std::filesystem::path>& card);
    bool isLoading() const { return m_loading; }
    bool hasModel() const { return m_classifier != nullptr; }
    // Saves the drawing as `label` (a number, or "not_number") under the inputs folder, and
    // when it is a number of several digits and the drawing reads as that many, each digit cut
    // out under its own label, for fine-tuning; false (and a message) on failure.
    bool saveAs(const QString& label);
    // Puts an image file on the canvas (Undo brings the drawing back); false when the person
    // keeps an unsaved drawing, or when the file cannot be read (then with a message).
    bool openImage(const QString& path);

    // Whether the drawing may be thrown away: yes when it is empty or saved, or asking is
    // turned off ("confirm": false); otherwise the person is asked `question`.
    bool mayDiscard(const QString& question);
    // Replaces the dialog that asks (for tests, and for embedding the window).
    void setDiscardQuestion(std::function<bool(const QString&)> ask) { m_ask = std::move(ask); }

    Canvas* canvas() const { return m_canvas; }
    ResultPanel* resultPanel() const { return m_result; }
    QString modelStatus() const; // the status bar's line about the model and its thresholds
    QAction* recognizeAction() const { return m_recognizeAct; }
    void setInputsFolder(const std::filesystem::path& folder) { m_inputs = folder; }

public Q_SLOTS:
    void recognize();

Q_SIGNALS:
    void modelReady(bool loaded); // a model load ended: loaded, or not (the window says why)

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private Q_SLOTS:
    void clearCanvas(); // asks first when the drawing is not saved
    void save();
    void openImageDialog();
    void openModelDialog();
    void about();

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void updateActions();
    void showProblem(const QString& message);
    dwn::ClassifierOptions optionsFor(const std::filesystem::path& model,
                                      const std::optional<std::filesystem::path>& card) const;
    // Takes a loaded classifier (or, when null, says `problem`) into the window.
    bool useModel(std::unique_ptr<dwn::Classifier> classifier, const QString& problem);
    void startLoading(); // the pending background load, on its thread
    // The canvas read as a number: from its strokes, or from its pixels when an image is on it.
    // Throws dwn::Error as segmentation does ("nothing drawn").
    dwn::Reading readCanvas() const;
    // An opened image with nothing drawn over it, read from the file's own pixels as dwn
    // recognize reads them (the canvas shows it fitted and smoothed, which would blur a small
    // image and grey a black-and-white scan's edges); the boxes placed where the canvas shows it.
    // An image that Undo brought back is read at its own size as ink on paper.
    dwn::Reading readOpenedImage() const;
    void showMarks(const dwn::Reading& reading);
    // Each digit of `reading` cut out of the canvas, saved under its own label.
    void saveDigits(const dwn::Reading& reading, const cv::Mat& gray);

    Canvas* m_canvas;
    ResultPanel* m_result;
    QLabel* m_modelStatus;
    std::unique_ptr<dwn::Classifier> m_classifier;
    dwn::Device m_device;
    std::filesystem::path m_inputs;
    QString m_lastNumber;        // what the last recognition read and trusted
    bool m_lastRejected = false; // the last recognition said: not a number
    // The image file opened last, as read, and the key of the canvas image that shows it (ink
    // on paper, its light evened out): read instead of what is shown while that is on the canvas.
    cv::Mat m_openedPixels;
    qint64 m_openedKey = 0;
    bool m_confirm = true; // ask before discarding a drawing that is not saved
    int m_changes = 0;     // the drawing's changes so far
    int m_savedAt = 0;     // how many there were when it was last saved
    std::function<bool(const QString&)> m_ask;
    QTimer m_liveTimer;
    std::optional<dwn::ClassifierOptions> m_pendingLoad; // to load once the window shows
    QPointer<QThread> m_loader;                          // the background load, while it runs
    bool m_loading = false;
    bool m_recognizeWhenLoaded = false;

    QAction* m_recognizeAct = nullptr;
    QAction* m_clearAct = nullptr;
    QAction* m_undoAct = nullptr;
    QAction* m_redoAct = nullptr;
    QAction* m_saveAct = nullptr;
    QAction* m_openImageAct = nullptr;
    QAction* m_openModelAct = nullptr;
    QAction* m_liveAct = nullptr;
    QAction* m_quitAct = nullptr;
    QAction* m_aboutAct = nullptr;
};

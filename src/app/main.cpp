// detect-written-number: the window in which a person draws a digit and the network reads it.

#include <chrono>
#include <cstdlib>
#include <iostream>

#include <QApplication>
#include <QTimer>

#include "dwn/config.h"
#include "dwn/error.h"
#include "main_window.h"
#include "translation.h"

namespace {

const char* const kHelp =
    R"(usage: detect-written-number [--model FILE] [--data FILE] [--device auto|cpu|cuda] [--config FILE]

Opens the window: draw a digit, press Enter, see what the network reads.
  --model FILE    TorchScript model (default: config file, then the installed model)
  --data FILE     its data.json (default: data.json beside the model)
  --device NAME   auto, cpu or cuda (default: auto)
  --config FILE   settings file (default: ~/.config/detect-written-number/config.json)
)";

bool hasDisplay()
{
    auto set = [](const char* name) {
        const char* v = std::getenv(name);
        return v && *v;
    };
    return set("QT_QPA_PLATFORM") || set("DISPLAY") || set("WAYLAND_DISPLAY");
}

// For scripts/measure-startup.sh: prints the wall-clock time (ms since the epoch) when the
// window has been shown and when its model is ready, then quits.
void logStartup(MainWindow& window)
{
    auto stamp = [](const char* what) {
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        std::cout << "[INFO]\t" << what << " "
                  << std::chrono::duration_cast<std::chrono::milliseconds>(now).count()
                  << std::endl;
    };
    QTimer::singleShot(0, &window, [stamp] { stamp("shown"); });
    QObject::connect(&window, &MainWindow::modelReady, &window, [stamp] {
        stamp("ready");
        QTimer::singleShot(0, qApp, &QApplication::quit);
    });
}

} // namespace

int main(int argc, char** argv)
{
    std::optional<std::filesystem::path> model, card, configFile;
    std::optional<std::string> device;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << kHelp;
            return 0;
        }
        if (arg != "--model" && arg != "--data" && arg != "--device" && arg != "--config") {
            std::cerr << "detect-written-number: unknown option '" << arg << "'\n" << kHelp;
            return 2;
        }
        if (i + 1 >= argc) {
            std::cerr << "detect-written-number: option " << arg << " needs a value\n";
            return 2;
        }
        const std::string value = argv[++i];
        (arg == "--model" ? model : arg == "--data" ? card : configFile) = value;
        if (arg == "--device")
            device = value;
    }
    if (!hasDisplay()) {
        std::cerr << "detect-written-number: no display to open a window on (DISPLAY and "
                     "WAYLAND_DISPLAY are unset).\nRun it in a desktop session, or without "
                     "a screen: xvfb-run detect-written-number, or QT_QPA_PLATFORM=offscreen "
                     "detect-written-number.\n";
        return 1;
    }

    dwn::Config config;
    try {
        config =
            dwn::loadConfig(configFile.value_or(dwn::defaultConfigPath()), configFile.has_value());
        if (device)
            config.device = dwn::parseDevice(*device);
    } catch (const dwn::Error& e) {
        std::cerr << "detect-written-number: " << e.what() << "\n";
        return 2;
    }
    std::filesystem::path modelPath; // empty when there is none: the window says so
    try {
        modelPath = dwn::findModel(model, config);
    } catch (const dwn::Error& e) {
        std::cerr << "detect-written-number: " << e.what() << "\n";
    }

    QApplication app(argc, argv);
    QApplication::setOrganizationName("DetectWrittenNumber");
    QApplication::setApplicationName("DetectWrittenNumber");
    installTranslation(app); // the system's language, when there is a translation for it
    MainWindow window(config, modelPath, card ? card : config.card);
    window.show();
    if (qEnvironmentVariableIsSet("DWN_STARTUP_LOG"))
        logStartup(window);
    return QApplication::exec();
}

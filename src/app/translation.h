#pragma once
// The window's languages: English as written, and the translations compiled from
// translations/*.ts (Qt Linguist).

#include <QLocale>

class QCoreApplication;
class QTranslator;

// Loads the window's translation for `locale` (the system's by default) into `app`, from
// PREFIX/share/detect-written-number/translations beside the running program, else from the
// build tree. Returns the translator installed, or nullptr when there is none for the locale
// (English needs none).
QTranslator* installTranslation(QCoreApplication& app, const QLocale& locale = QLocale());

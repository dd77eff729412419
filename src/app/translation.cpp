#include "translation.h"

#include <QCoreApplication>
#include <QDir>
#include <QTranslator>

QTranslator* installTranslation(QCoreApplication& app, const QLocale& locale)
{
    const QStringList folders = {
        QDir(QCoreApplication::applicationDirPath())
            .filePath(QStringLiteral("../share/detect-written-number/translations")),
        QStringLiteral(DWN_BUILD_TRANSLATIONS)};
    auto* translator = new QTranslator(&app);
    for (const QString& folder : folders)
        if (translator->load(locale, QStringLiteral("detect-written-number"), QStringLiteral("_"),
                             folder)) {
            QCoreApplication::installTranslator(translator);
            return translator;
        }
    delete translator;
    return nullptr;
}

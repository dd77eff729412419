<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>Canvas</name>
    <message>
        <source>Write a digit or a number with the mouse, a pen or a finger</source>
        <translation>Напишите цифру или число мышью, пером или пальцем</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>DetectWrittenNumber</source>
        <translation>DetectWrittenNumber</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Нет модели</translation>
    </message>
    <message>
        <source>No model was found.
Open one with File &gt; Open Model.</source>
        <translation>Модель не найдена.
Откройте её: Файл &gt; Открыть модель.</translation>
    </message>
    <message>
        <source>&amp;Recognize</source>
        <translation>&amp;Распознать</translation>
    </message>
    <message>
        <source>Say which number is written (Enter)</source>
        <translation>Сказать, какое число написано (Enter)</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>&amp;Очистить</translation>
    </message>
    <message>
        <source>Wipe the canvas (Esc)</source>
        <translation>Стереть холст (Esc)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Отменить</translation>
    </message>
    <message>
        <source>Take back the last stroke (Ctrl+Z)</source>
        <translation>Убрать последний штрих (Ctrl+Z)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Вернуть</translation>
    </message>
    <message>
        <source>Put the stroke back (Ctrl+Shift+Z)</source>
        <translation>Вернуть штрих (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <source>&amp;Save to inputs…</source>
        <translation>&amp;Сохранить в inputs…</translation>
    </message>
    <message>
        <source>Save the drawing with its label into the inputs folder (Ctrl+S)</source>
        <translation>Сохранить рисунок с его меткой в папку inputs (Ctrl+S)</translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation>Открыть &amp;изображение…</translation>
    </message>
    <message>
        <source>Put an image file on the canvas (Ctrl+O)</source>
        <translation>Положить файл изображения на холст (Ctrl+O)</translation>
    </message>
    <message>
        <source>Open &amp;Model…</source>
        <translation>Открыть &amp;модель…</translation>
    </message>
    <message>
        <source>Load another TorchScript model with its data.json (Ctrl+M)</source>
        <translation>Загрузить другую модель TorchScript с её data.json (Ctrl+M)</translation>
    </message>
    <message>
        <source>&amp;Live</source>
        <translation>&amp;На лету</translation>
    </message>
    <message>
        <source>Recognize while drawing (Ctrl+L)</source>
        <translation>Распознавать во время рисования (Ctrl+L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>О &amp;программе</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>Drawing</source>
        <translation>Рисование</translation>
    </message>
    <message>
        <source> px</source>
        <translation> пикс.</translation>
    </message>
    <message>
        <source>Pen </source>
        <translation>Перо </translation>
    </message>
    <message>
        <source>Pen width</source>
        <translation>Толщина пера</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>Загрузка модели…</translation>
    </message>
    <message>
        <source>The model could not be loaded: %1
Open a model with File &gt; Open Model.</source>
        <translation>Не удалось загрузить модель: %1
Откройте модель: Файл &gt; Открыть модель.</translation>
    </message>
    <message>
        <source>Model %1 on %2, trusted above %3 (%4)</source>
        <translation>Модель %1 на %2, доверие выше %3 (%4)</translation>
    </message>
    <message>
        <source>Write a digit or a number, then press Recognize</source>
        <translation>Напишите цифру или число и нажмите «Распознать»</translation>
    </message>
    <message>
        <source>Draw a digit first</source>
        <translation>Сначала нарисуйте цифру</translation>
    </message>
    <message>
        <source>Not a number: %1</source>
        <translation>Не число: %1</translation>
    </message>
    <message>
        <source>%1, trusted (score %2)</source>
        <translation>%1, доверие (оценка %2)</translation>
    </message>
    <message>
        <source>%1, doubted (score %2)</source>
        <translation>%1, сомнение (оценка %2)</translation>
    </message>
    <message>
        <source>A minus sign</source>
        <translation>Знак минус</translation>
    </message>
    <message>
        <source>A decimal point</source>
        <translation>Десятичная точка</translation>
    </message>
    <message>
        <source>A mark that is no digit, minus sign or decimal point</source>
        <translation>Знак, который не цифра, не минус и не десятичная точка</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Сохранено: %1</translation>
    </message>
    <message>
        <source>The drawing was not saved: %1</source>
        <translation>Рисунок не сохранён: %1</translation>
    </message>
    <message>
        <source>Save to inputs</source>
        <translation>Сохранить в inputs</translation>
    </message>
    <message>
        <source>What does the drawing show? Type the number, or pick a label:</source>
        <translation>Что изображено? Введите число или выберите метку:</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is no label: type a number such as 2026 or -3.5, or not_number</source>
        <translation>«%1» — не метка: введите число, например 2026 или -3.5, или not_number</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>Открыто: %1</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>Открыть изображение</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)</source>
        <translation>Изображения (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)</translation>
    </message>
    <message>
        <source>Open Model</source>
        <translation>Открыть модель</translation>
    </message>
    <message>
        <source>TorchScript models (*.pt *.pth)</source>
        <translation>Модели TorchScript (*.pt *.pth)</translation>
    </message>
    <message>
        <source>Open the model&apos;s data.json</source>
        <translation>Открыть data.json модели</translation>
    </message>
    <message>
        <source>Model card (*.json)</source>
        <translation>Карточка модели (*.json)</translation>
    </message>
    <message>
        <source>About DetectWrittenNumber</source>
        <translation>О программе DetectWrittenNumber</translation>
    </message>
    <message>
        <source>&lt;b&gt;DetectWrittenNumber %1&lt;/b&gt;&lt;p&gt;Write a digit or a number and press Recognize. Each digit&apos;s answer is trusted only above the threshold in the model&apos;s data.json; the number is read when every digit is, and otherwise the doubted digits are marked.&lt;/p&gt;</source>
        <translation>&lt;b&gt;DetectWrittenNumber %1&lt;/b&gt;&lt;p&gt;Напишите цифру или число и нажмите «Распознать». Ответу сети о каждой цифре доверяют только выше порога из data.json модели; число прочитано, когда доверие есть к каждой цифре, иначе сомнительные цифры отмечены.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Drawing not saved</source>
        <translation>Рисунок не сохранён</translation>
    </message>
    <message>
        <source>%1, doubted: it looks like two digits run together (score %2)</source>
        <translation>%1, сомнение: похоже на две слитные цифры (оценка %2)</translation>
    </message>
    <message>
        <source>Clear the drawing? It is not saved (Undo brings it back).</source>
        <translation>Очистить рисунок? Он не сохранён (отмена вернёт его).</translation>
    </message>
    <message>
        <source>Open %1 in place of the drawing? It is not saved (Undo brings it back).</source>
        <translation>Открыть %1 вместо рисунка? Он не сохранён (отмена вернёт его).</translation>
    </message>
    <message>
        <source>Quit without saving the drawing?</source>
        <translation>Выйти, не сохранив рисунок?</translation>
    </message>
    <message>
        <source>Model %1 on %2, trusted above %3 (%4; digits in soft ink above %5)</source>
        <translation>Модель %1 на %2, доверие выше %3 (%4; цифры из серых штрихов выше %5)</translation>
    </message>
</context>
<context>
    <name>ProbabilityBars</name>
    <message>
        <source>Probability of each digit; the line marks the trusted threshold</source>
        <translation>Вероятность каждой цифры; линия отмечает порог доверия</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <source>The 28x28 image the network received for the selected digit</source>
        <translation>Изображение 28x28, которое сеть получила для выбранной цифры</translation>
    </message>
    <message>
        <source>What the network saw:</source>
        <translation>Что видела сеть:</translation>
    </message>
    <message>
        <source>Write a digit or a number, then press Recognize</source>
        <translation>Напишите цифру или число и нажмите «Распознать»</translation>
    </message>
    <message>
        <source>Not a number</source>
        <translation>Не число</translation>
    </message>
    <message>
        <source>Surely no digit: %1</source>
        <translation>Точно не цифра: %1</translation>
    </message>
    <message>
        <source>Trusted: score %1 above %2</source>
        <translation>Доверие: оценка %1 выше %2</translation>
    </message>
    <message>
        <source>All %1 digits trusted (score above %2)</source>
        <translation>Доверие ко всем цифрам: %1 (оценка выше %2)</translation>
    </message>
    <message>
        <source>Recognized in %1 ms</source>
        <translation>Распознано за %1 мс</translation>
    </message>
    <message>
        <source>Digit %1: show its probabilities</source>
        <translation>Цифра %1: показать её вероятности</translation>
    </message>
</context>
</TS>

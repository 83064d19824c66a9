<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>CatalogueView</name>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="208"/>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="279"/>
        <source>{0} image(s)</source>
        <comment>count of all images</comment>
        <translation>
            <numerusform>{0} Bild</numerusform>
            <numerusform>{0} Bilder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="281"/>
        <source>{0} image(s) match these filters</source>
        <translation>
            <numerusform>{0} Bild passt zu diesen Filtern</numerusform>
            <numerusform>{0} Bilder passen zu diesen Filtern</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="426"/>
        <source>Label {0} image(s) as</source>
        <translation>
            <numerusform>{0} Bild einordnen als</numerusform>
            <numerusform>{0} Bilder einordnen als</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="427"/>
        <source>Label as</source>
        <translation>Einordnen als</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="441"/>
        <source>No category</source>
        <translation>Keine Kategorie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="443"/>
        <source>Toggle unsure</source>
        <translation>Unsicher umschalten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="449"/>
        <source>Open large</source>
        <translation>Groß öffnen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="449"/>
        <source>double-click</source>
        <translation>Doppelklick</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="475"/>
        <source>Nothing changed ({0} image(s) selected).</source>
        <translation>
            <numerusform>Nichts geändert ({0} Bild ausgewählt).</numerusform>
            <numerusform>Nichts geändert ({0} Bilder ausgewählt).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CategoryDialog</name>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="41"/>
        <source>Categories</source>
        <translation>Kategorien</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="46"/>
        <source>Key</source>
        <translation>Taste</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="46"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="46"/>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="51"/>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="52"/>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="53"/>
        <source>Merge into…</source>
        <translation>Zusammenführen mit…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="54"/>
        <source>Retire</source>
        <translation>Stilllegen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="69"/>
        <source>The first ten active categories get the number keys 1–9 and 0, in this order.</source>
        <translation>Die ersten zehn aktiven Kategorien erhalten in dieser Reihenfolge die Zifferntasten 1–9 und 0.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="92"/>
        <source>retired</source>
        <translation>stillgelegt</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="118"/>
        <source>Added &apos;{0}&apos;.</source>
        <translation>„{0}“ hinzugefügt.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="122"/>
        <source>Renamed &apos;{0}&apos; to &apos;{1}&apos;.</source>
        <translation>„{0}“ in „{1}“ umbenannt.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="129"/>
        <source>Merged &apos;{0}&apos; into &apos;{1}&apos;; Ctrl+Z moves the images back.</source>
        <translation>„{0}“ mit „{1}“ zusammengeführt; Strg+Z verschiebt die Bilder zurück.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="134"/>
        <source>Retired &apos;{0}&apos;; its images keep their label.</source>
        <translation>„{0}“ stillgelegt; ihre Bilder behalten ihre Kategorie.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="151"/>
        <source>Add a category</source>
        <translation>Kategorie hinzufügen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="151"/>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="159"/>
        <source>Rename a category</source>
        <translation>Kategorie umbenennen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="159"/>
        <source>New name for &apos;{0}&apos;:</source>
        <translation>Neuer Name für „{0}“:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="171"/>
        <source>There is no other active category to merge into.</source>
        <translation>Es gibt keine andere aktive Kategorie zum Zusammenführen.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="173"/>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="179"/>
        <source>Merge categories</source>
        <translation>Kategorien zusammenführen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="174"/>
        <source>Move every image of &apos;{0}&apos; into:</source>
        <translation>Alle Bilder von „{0}“ verschieben nach:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/category_dialog.py" line="180"/>
        <source>Move every image labelled &apos;{0}&apos; to &apos;{1}&apos; and retire &apos;{0}&apos;?</source>
        <translation>Alle als „{0}“ eingeordneten Bilder nach „{1}“ verschieben und „{0}“ stilllegen?</translation>
    </message>
</context>
<context>
    <name>CellGallery</name>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/runs/cell_gallery.py" line="224"/>
        <source>{0} image(s) of the cell no longer in the catalogue.</source>
        <translation>
            <numerusform>{0} Bild der Zelle nicht mehr im Katalog.</numerusform>
            <numerusform>{0} Bilder der Zelle nicht mehr im Katalog.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/runs/cell_gallery.py" line="269"/>
        <source>{0} image(s) confirmed.</source>
        <translation>
            <numerusform>{0} Bild bestätigt.</numerusform>
            <numerusform>{0} Bilder bestätigt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClassReportModel</name>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="31"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="31"/>
        <source>The true category</source>
        <translation>Die wahre Kategorie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="32"/>
        <source>Precision</source>
        <translation>Präzision</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="33"/>
        <source>Of the images predicted as this category, the share that really are</source>
        <translation>Von den als diese Kategorie vorhergesagten Bildern der Anteil, der es wirklich ist</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="34"/>
        <source>Recall</source>
        <translation>Trefferquote</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="34"/>
        <source>Of the images of this category, the share predicted as it</source>
        <translation>Von den Bildern dieser Kategorie der Anteil, der als sie vorhergesagt wurde</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="35"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="35"/>
        <source>Harmonic mean of precision and recall</source>
        <translation>Harmonisches Mittel aus Präzision und Trefferquote</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="36"/>
        <source>Support</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="36"/>
        <source>Images of this category in the split</source>
        <translation>Bilder dieser Kategorie in der Teilmenge</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="39"/>
        <source>Images predicted correctly, over all images of the split</source>
        <translation>Richtig vorhergesagte Bilder, bezogen auf alle Bilder der Teilmenge</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="40"/>
        <source>Unweighted mean over the categories: every category counts the same</source>
        <translation>Ungewichtetes Mittel über die Kategorien: jede Kategorie zählt gleich</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="41"/>
        <source>Mean over the categories weighted by their support</source>
        <translation>Mittel über die Kategorien, gewichtet nach ihrer Bildanzahl</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="120"/>
        <source>{0} of the {1} images predicted as {2} are {2}</source>
        <translation>{0} der {1} als {2} vorhergesagten Bilder sind {2}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="122"/>
        <source>{0} of the {1} {2} images were predicted as {2}</source>
        <translation>{0} der {1} Bilder der Kategorie {2} wurden als {2} vorhergesagt</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="124"/>
        <source>{0} {1} images in the split</source>
        <translation>{0} Bilder der Kategorie {1} in der Teilmenge</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/class_report_model.py" line="125"/>
        <source>{0}: {1} predicted, {2} in the split, {3} right</source>
        <translation>{0}: {1} vorhergesagt, {2} in der Teilmenge, {3} richtig</translation>
    </message>
</context>
<context>
    <name>ConfusionView</name>
    <message>
        <location filename="../../src/reviewer/ui/runs/confusion_view.py" line="143"/>
        <location filename="../../src/reviewer/ui/runs/confusion_view.py" line="162"/>
        <source>Confusion matrix</source>
        <translation>Konfusionsmatrix</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/confusion_view.py" line="146"/>
        <source>Matrix values</source>
        <translation>Matrixwerte</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/confusion_view.py" line="147"/>
        <source>Counts</source>
        <translation>Anzahlen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/confusion_view.py" line="147"/>
        <source>Row-normalised %</source>
        <translation>Zeilenanteil in %</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/confusion_view.py" line="148"/>
        <source>Show the number of images in each cell, or the share of the row&apos;s true category (the colour always shows the share)</source>
        <translation>Die Anzahl der Bilder je Zelle zeigen, oder den Anteil an der wahren Kategorie der Zeile (die Farbe zeigt immer den Anteil)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/confusion_view.py" line="163"/>
        <source>Rows: true category · columns: predicted category. Click a cell, or press Enter on it, to see its images.</source>
        <translation>Zeilen: wahre Kategorie · Spalten: vorhergesagte Kategorie. Klicken Sie auf eine Zelle oder drücken Sie dort die Eingabetaste, um ihre Bilder zu sehen.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/confusion_view.py" line="167"/>
        <source>predicted →
true ↓</source>
        <translation>vorhergesagt →
wahr ↓</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/confusion_view.py" line="183"/>
        <source>Show:</source>
        <translation>Zeigen:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/confusion_view.py" line="196"/>
        <source>Rows: true category · columns: predicted · &lt;span style=&apos;color:{0}&apos;&gt;■&lt;/span&gt; right (the diagonal, bold) &lt;span style=&apos;color:{1}&apos;&gt;■&lt;/span&gt; wrong (off the diagonal), darker = larger share of the row</source>
        <translation>Zeilen: wahre Kategorie · Spalten: vorhergesagt · &lt;span style=&apos;color:{0}&apos;&gt;■&lt;/span&gt; richtig (die Diagonale, fett) &lt;span style=&apos;color:{1}&apos;&gt;■&lt;/span&gt; falsch (neben der Diagonale), dunkler = größerer Anteil der Zeile</translation>
    </message>
</context>
<context>
    <name>DetailView</name>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="117"/>
        <source>Image details</source>
        <translation>Bilddetails</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="119"/>
        <source>Selected image</source>
        <translation>Ausgewähltes Bild</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="137"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="137"/>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="137"/>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="138"/>
        <source>How</source>
        <translation>Wie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="139"/>
        <source>Label history</source>
        <translation>Kategorieverlauf</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="205"/>
        <source>{0} image(s) selected</source>
        <translation>
            <numerusform>{0} Bild ausgewählt</numerusform>
            <numerusform>{0} Bilder ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="212"/>
        <source>A number key labels them all; one Ctrl+Z undoes it.</source>
        <translation>Eine Zifferntaste ordnet alle ein; ein Strg+Z macht es rückgängig.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="246"/>
        <source>{0} from a {1} import</source>
        <translation>{0} aus einem Import ({1})</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="272"/>
        <source>Select one image to see its heat map.</source>
        <translation>Wählen Sie ein einzelnes Bild, um seine Heatmap zu sehen.</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/empty_state.py" line="19"/>
        <source>No images yet — Import a folder…</source>
        <translation>Noch keine Bilder — Ordner importieren…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/empty_state.py" line="23"/>
        <source>Import a folder with one sub-folder per category, a flat folder of unlabelled images, or a CSV manifest. Originals are copied into the catalogue.</source>
        <translation>Importieren Sie einen Ordner mit einem Unterordner je Kategorie, einen flachen Ordner mit nicht eingeordneten Bildern oder ein CSV-Manifest. Die Originale werden in den Katalog kopiert.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/empty_state.py" line="30"/>
        <source>Import a folder…</source>
        <translation>Ordner importieren…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/empty_state.py" line="33"/>
        <source>Open the demo catalogue</source>
        <translation>Demokatalog öffnen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/empty_state.py" line="34"/>
        <source>400 photos of clothes in ten categories, imported into a catalogue of their own in your data folder</source>
        <translation>400 Kleidungsfotos in zehn Kategorien, importiert in einen eigenen Katalog in Ihrem Datenordner</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/empty_state.py" line="38"/>
        <source>New here? Try the app on 400 photos of clothes first.</source>
        <translation>Neu hier? Probieren Sie die App zuerst mit 400 Kleidungsfotos aus.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="33"/>
        <source>Images, a folder per category</source>
        <translation>Bilder, ein Ordner je Kategorie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="34"/>
        <source>Image list (CSV)</source>
        <translation>Bildliste (CSV)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="34"/>
        <source>Label history (CSV)</source>
        <translation>Kategorieverlauf (CSV)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="35"/>
        <source>All splits</source>
        <translation>Alle Teilmengen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="35"/>
        <source>Train</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="36"/>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="36"/>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="59"/>
        <source>Wrote {0} row(s) to {1}.</source>
        <translation>Geschriebene Zeilen: {0}, in {1}.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="62"/>
        <source>Folders named differently from their category (unsafe or colliding names):</source>
        <translation>Ordner, die anders heißen als ihre Kategorie (unsichere oder gleichlautende Namen):</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="65"/>
        <source>missing: image {0} (stored original {1}… is gone)</source>
        <translation>fehlt: Bild {0} (gespeichertes Original {1}… ist nicht mehr da)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="69"/>
        <source>… and {0} more</source>
        <translation>… und {0} weitere</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="77"/>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="109"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="86"/>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="94"/>
        <source>One sub-folder per split</source>
        <translation>Ein Unterordner je Teilmenge</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="95"/>
        <source>Include images marked unsure</source>
        <translation>Als unsicher markierte Bilder einschließen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="97"/>
        <source>Export:</source>
        <translation>Exportieren:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="98"/>
        <source>To:</source>
        <translation>Nach:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="99"/>
        <source>Split:</source>
        <translation>Teilmenge:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="128"/>
        <source>Export into folder</source>
        <translation>In Ordner exportieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="130"/>
        <source>Export to CSV</source>
        <translation>Als CSV exportieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="130"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="137"/>
        <source>Choose where to export to.</source>
        <translation>Wählen Sie, wohin exportiert werden soll.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="144"/>
        <source>An export is already running.</source>
        <translation>Es läuft bereits ein Export.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="152"/>
        <source>Exporting…</source>
        <translation>Exportiere…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="156"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/export_dialog.py" line="173"/>
        <source>Cancelling…</source>
        <translation>Breche ab…</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="27"/>
        <source>All splits</source>
        <translation>Alle Teilmengen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="28"/>
        <source>Train</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="29"/>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="30"/>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="31"/>
        <source>No split</source>
        <translation>Ohne Teilmenge</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="34"/>
        <source>Sure and unsure</source>
        <translation>Sicher und unsicher</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="35"/>
        <source>Unsure only</source>
        <translation>Nur unsichere</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="36"/>
        <source>Sure only</source>
        <translation>Nur sichere</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="39"/>
        <source>Any source</source>
        <translation>Jede Quelle</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="40"/>
        <source>Folder import</source>
        <translation>Ordnerimport</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="41"/>
        <source>CSV import</source>
        <translation>CSV-Import</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="42"/>
        <source>Flat folder</source>
        <translation>Flacher Ordner</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="43"/>
        <source>Listings</source>
        <translation>Inserate</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="46"/>
        <source>Flagged or not</source>
        <translation>Markiert oder nicht</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="47"/>
        <source>Flagged only</source>
        <translation>Nur markierte</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="48"/>
        <source>Not flagged</source>
        <translation>Nicht markiert</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="54"/>
        <source>Sort by ID</source>
        <translation>Nach ID sortieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="55"/>
        <source>Sort by file name</source>
        <translation>Nach Dateiname sortieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="56"/>
        <source>Sort by import time</source>
        <translation>Nach Importzeit sortieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="57"/>
        <source>Most useful first</source>
        <translation>Nützlichste zuerst</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="58"/>
        <source>Easiest first</source>
        <translation>Einfachste zuerst</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="81"/>
        <source>All categories</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="82"/>
        <source>(no category)</source>
        <translation>(keine Kategorie)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="84"/>
        <source>Show one category</source>
        <translation>Eine Kategorie zeigen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="84"/>
        <source>Category filter</source>
        <translation>Kategoriefilter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="85"/>
        <source>Show one split</source>
        <translation>Eine Teilmenge zeigen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="85"/>
        <source>Split filter</source>
        <translation>Teilmengenfilter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="86"/>
        <source>Show images marked unsure, or the others</source>
        <translation>Als unsicher markierte Bilder zeigen, oder die anderen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="87"/>
        <source>Unsure filter</source>
        <translation>Unsicher-Filter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="88"/>
        <source>Show images from one kind of import</source>
        <translation>Bilder aus einer Importart zeigen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="89"/>
        <source>Source filter</source>
        <translation>Quellenfilter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="90"/>
        <source>Show flagged images, or the others</source>
        <translation>Markierte Bilder zeigen, oder die anderen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="91"/>
        <source>Flagged filter</source>
        <translation>Markierungsfilter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="93"/>
        <source>Search file name or listing id</source>
        <translation>Dateiname oder Inserat-ID suchen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="95"/>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="97"/>
        <source>Order of the images</source>
        <translation>Reihenfolge der Bilder</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="97"/>
        <source>Sort by</source>
        <translation>Sortieren nach</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="101"/>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="196"/>
        <source>Ascending (click for descending)</source>
        <translation>Aufsteigend (klicken für absteigend)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="102"/>
        <source>Sort direction</source>
        <translation>Sortierrichtung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="103"/>
        <source>Clear</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="104"/>
        <source>Show every image</source>
        <translation>Alle Bilder zeigen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="195"/>
        <source>Descending (click for ascending)</source>
        <translation>Absteigend (klicken für aufsteigend)</translation>
    </message>
</context>
<context>
    <name>FlipsView</name>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="39"/>
        <source>Fixed: wrong → right</source>
        <translation>Behoben: falsch → richtig</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="40"/>
        <source>Wrong in the first evaluation, right in the second</source>
        <translation>In der ersten Auswertung falsch, in der zweiten richtig</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="41"/>
        <source>Broken: right → wrong</source>
        <translation>Verschlechtert: richtig → falsch</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="42"/>
        <source>Right in the first evaluation, wrong in the second</source>
        <translation>In der ersten Auswertung richtig, in der zweiten falsch</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="43"/>
        <source>Still wrong, other prediction</source>
        <translation>Weiter falsch, andere Vorhersage</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="44"/>
        <source>Wrong in both, but predicted as another category</source>
        <translation>In beiden falsch, aber als andere Kategorie vorhergesagt</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="45"/>
        <source>Still wrong, same prediction</source>
        <translation>Weiter falsch, gleiche Vorhersage</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="45"/>
        <source>Wrong in both, the same way</source>
        <translation>In beiden auf dieselbe Weise falsch</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="46"/>
        <source>Still right</source>
        <translation>Weiter richtig</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="46"/>
        <source>Right in both</source>
        <translation>In beiden richtig</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="77"/>
        <source>Flips split</source>
        <translation>Teilmenge der Wechsel</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="79"/>
        <source>Compare evaluations of this split</source>
        <translation>Auswertungen dieser Teilmenge vergleichen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="81"/>
        <source>Earlier evaluation</source>
        <translation>Frühere Auswertung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="82"/>
        <source>The earlier evaluation (say, before the corrections)</source>
        <translation>Die frühere Auswertung (etwa vor den Korrekturen)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="84"/>
        <source>Later evaluation</source>
        <translation>Spätere Auswertung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="85"/>
        <source>The later evaluation (say, the retrained run)</source>
        <translation>Die spätere Auswertung (etwa der neu trainierte Lauf)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="90"/>
        <source>S&amp;plit:</source>
        <translation>&amp;Teilmenge:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="90"/>
        <source>&amp;Before:</source>
        <translation>&amp;Vorher:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="91"/>
        <source>&amp;After:</source>
        <translation>&amp;Nachher:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="101"/>
        <source>Groups of images</source>
        <translation>Bildgruppen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="117"/>
        <source>Images of the group</source>
        <translation>Bilder der Gruppe</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="171"/>
        <source>Evaluate two runs (or one run twice) on the {0} split to see which images flipped.</source>
        <translation>Werten Sie zwei Läufe (oder einen Lauf zweimal) auf der Teilmenge {0} aus, um zu sehen, welche Bilder gewechselt haben.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="186"/>
        <source>Before, {0}
After, {1}</source>
        <translation>Vorher: {0}
Nachher: {1}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="189"/>
        <source> (the same evaluation twice)</source>
        <translation> (zweimal dieselbe Auswertung)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/flips_view.py" line="191"/>
        <source>{0} images in both{1}: &lt;b&gt;{2} fixed&lt;/b&gt;, &lt;b&gt;{3} broken&lt;/b&gt;, {4} still wrong, {5} still right.</source>
        <translation>{0} Bilder in beiden{1}: &lt;b&gt;{2} behoben&lt;/b&gt;, &lt;b&gt;{3} verschlechtert&lt;/b&gt;, {4} weiter falsch, {5} weiter richtig.</translation>
    </message>
</context>
<context>
    <name>ImageGridModel</name>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="383"/>
        <source>no category</source>
        <translation>keine Kategorie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="384"/>
        <source>split {0}</source>
        <translation>Teilmenge {0}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="384"/>
        <source>no split</source>
        <translation>keine Teilmenge</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="385"/>
        <source>unsure</source>
        <translation>unsicher</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="385"/>
        <source>sure</source>
        <translation>sicher</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="386"/>
        <source>flagged</source>
        <translation>markiert</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="386"/>
        <source>not flagged</source>
        <translation>nicht markiert</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="390"/>
        <source>suggested {0}</source>
        <translation>vorgeschlagen: {0}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="392"/>
        <source>no longer matches the filter</source>
        <translation>passt nicht mehr zum Filter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="408"/>
        <source>Flagged</source>
        <translation>Markiert</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="37"/>
        <source>Work it out from the folder</source>
        <translation>Aus dem Ordner ableiten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="38"/>
        <source>One sub-folder per category</source>
        <translation>Ein Unterordner je Kategorie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="39"/>
        <source>Flat folder (unlabelled)</source>
        <translation>Flacher Ordner (nicht eingeordnet)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="39"/>
        <source>CSV manifest</source>
        <translation>CSV-Manifest</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="40"/>
        <source>As the source says (or assign later)</source>
        <translation>Wie die Quelle angibt (oder später zuweisen)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="41"/>
        <source>Train</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="41"/>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="42"/>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="72"/>
        <source>Import images</source>
        <translation>Bilder importieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="82"/>
        <source>A folder, or a CSV manifest</source>
        <translation>Ein Ordner oder ein CSV-Manifest</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="83"/>
        <source>Folder…</source>
        <translation>Ordner…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="85"/>
        <source>CSV file…</source>
        <translation>CSV-Datei…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="98"/>
        <source>Category mapping</source>
        <translation>Kategoriezuordnung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="99"/>
        <source>Optional, one per line: folder=category
e.g. longsleeve=long-sleeved shirt</source>
        <translation>Optional, eine je Zeile: Ordner=Kategorie
z. B. longsleeve=long-sleeved shirt</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="102"/>
        <source>Add categories the catalogue does not have yet</source>
        <translation>Kategorien hinzufügen, die der Katalog noch nicht hat</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="103"/>
        <source>Also import files outside this folder (links that point elsewhere, manifest paths with .. or /)</source>
        <translation>Auch Dateien außerhalb dieses Ordners importieren (Verknüpfungen nach anderswo, Manifest-Pfade mit .. oder /)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="106"/>
        <source>Import from:</source>
        <translation>Importieren aus:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="107"/>
        <source>Layout:</source>
        <translation>Aufbau:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="108"/>
        <source>Split:</source>
        <translation>Teilmenge:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="109"/>
        <source>Folder names:</source>
        <translation>Ordnernamen:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="124"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="124"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="124"/>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="129"/>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="150"/>
        <source>Import a folder</source>
        <translation>Einen Ordner importieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="155"/>
        <source>Import a CSV manifest</source>
        <translation>Ein CSV-Manifest importieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="156"/>
        <source>CSV manifests (*.csv);;All files (*)</source>
        <translation>CSV-Manifeste (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="182"/>
        <source>Choose a folder or a CSV file to import.</source>
        <translation>Wählen Sie einen Ordner oder eine CSV-Datei zum Importieren.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="187"/>
        <source>An import is already running.</source>
        <translation>Es läuft bereits ein Import.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="202"/>
        <source>Reading {0}…</source>
        <translation>Lese {0}…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="210"/>
        <source>Cancelling after the current file…</source>
        <translation>Breche nach der aktuellen Datei ab…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="222"/>
        <source>{0} of {1}: {2}</source>
        <translation>{0} von {1}: {2}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="231"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="245"/>
        <source>&lt;b&gt;Nothing was imported.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Es wurde nichts importiert.&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="249"/>
        <source>Categories created: {0}.</source>
        <translation>Angelegte Kategorien: {0}.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="254"/>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="255"/>
        <source>conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/import_dialog.py" line="256"/>
        <source>note</source>
        <translation>Hinweis</translation>
    </message>
</context>
<context>
    <name>KeyLegend</name>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/key_legend.py" line="19"/>
        <source>No categories yet: add some in Edit ▸ Categories…</source>
        <translation>Noch keine Kategorien: legen Sie welche an unter Bearbeiten ▸ Kategorien…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/key_legend.py" line="26"/>
        <source>&lt;b&gt;U&lt;/b&gt;&amp;nbsp;unsure</source>
        <translation>&lt;b&gt;U&lt;/b&gt;&amp;nbsp;unsicher</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/key_legend.py" line="27"/>
        <source>&lt;b&gt;Enter&lt;/b&gt;/&lt;b&gt;A&lt;/b&gt;&amp;nbsp;accept&amp;nbsp;suggestion</source>
        <translation>&lt;b&gt;Eingabe&lt;/b&gt;/&lt;b&gt;A&lt;/b&gt;&amp;nbsp;Vorschlag&amp;nbsp;übernehmen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/key_legend.py" line="29"/>
        <source>&lt;b&gt;H&lt;/b&gt;&amp;nbsp;heat&amp;nbsp;map</source>
        <translation>&lt;b&gt;H&lt;/b&gt;&amp;nbsp;Heatmap</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/key_legend.py" line="30"/>
        <source>&lt;b&gt;arrows&lt;/b&gt;&amp;nbsp;move</source>
        <translation>&lt;b&gt;Pfeiltasten&lt;/b&gt;&amp;nbsp;bewegen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/key_legend.py" line="31"/>
        <source>&lt;b&gt;Ctrl+Z&lt;/b&gt;&amp;nbsp;undo</source>
        <translation>&lt;b&gt;Strg+Z&lt;/b&gt;&amp;nbsp;rückgängig</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/key_legend.py" line="32"/>
        <source>&lt;b&gt;Ctrl+Shift+Z&lt;/b&gt;&amp;nbsp;redo</source>
        <translation>&lt;b&gt;Strg+Umschalt+Z&lt;/b&gt;&amp;nbsp;wiederholen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/key_legend.py" line="56"/>
        <source>key {0}: {1}</source>
        <translation>Taste {0}: {1}</translation>
    </message>
</context>
<context>
    <name>Labeller</name>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/labelling.py" line="130"/>
        <source>no category</source>
        <translation>keine Kategorie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/labelling.py" line="132"/>
        <source>Already {0}.</source>
        <translation>Schon {0}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/labelling.py" line="133"/>
        <source>{0} image(s) → {1}. Ctrl+Z undoes it.</source>
        <translation>
            <numerusform>{0} Bild → {1}. Strg+Z macht es rückgängig.</numerusform>
            <numerusform>{0} Bilder → {1}. Strg+Z macht es rückgängig.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/labelling.py" line="150"/>
        <source>{0} image(s) marked unsure.</source>
        <translation>
            <numerusform>{0} Bild als unsicher markiert.</numerusform>
            <numerusform>{0} Bilder als unsicher markiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/labelling.py" line="151"/>
        <source>{0} image(s) marked sure.</source>
        <translation>
            <numerusform>{0} Bild als sicher markiert.</numerusform>
            <numerusform>{0} Bilder als sicher markiert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ListingPanel</name>
    <message>
        <location filename="../../src/reviewer/ui/moderation/listing_panel.py" line="131"/>
        <source>you</source>
        <translation>Ihnen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/listing_panel.py" line="132"/>
        <source> · held by {0} until {1}</source>
        <translation> · reserviert von {0} bis {1}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/listing_panel.py" line="135"/>
        <source>listing &lt;b&gt;{0}&lt;/b&gt; · seller &lt;b&gt;{1}&lt;/b&gt; · declared &lt;b&gt;{2}&lt;/b&gt; · {3}</source>
        <translation>Angebot &lt;b&gt;{0}&lt;/b&gt; · Verkäufer &lt;b&gt;{1}&lt;/b&gt; · angegeben &lt;b&gt;{2}&lt;/b&gt; · {3}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/listing_panel.py" line="147"/>
        <source>photo cannot be read</source>
        <translation>Foto nicht lesbar</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/moderation/listing_panel.py" line="153"/>
        <source>and {0} more photo(s)</source>
        <translation>
            <numerusform>und {0} weiteres Foto</numerusform>
            <numerusform>und {0} weitere Fotos</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/listing_panel.py" line="160"/>
        <source>No flags.</source>
        <translation>Keine Markierungen.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/listing_panel.py" line="162"/>
        <location filename="../../src/reviewer/ui/moderation/listing_panel.py" line="164"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/listing_panel.py" line="163"/>
        <source>{0} (seller {1})</source>
        <translation>{0} (Verkäufer {1})</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/listing_panel.py" line="166"/>
        <source>Seller&apos;s other listings: {0}&lt;br&gt;Seller&apos;s past removals: &lt;b&gt;{1}&lt;/b&gt;&lt;br&gt;Other listings with this photo: {2}</source>
        <translation>Weitere Angebote des Verkäufers: {0}&lt;br&gt;Bisherige Entfernungen beim Verkäufer: &lt;b&gt;{1}&lt;/b&gt;&lt;br&gt;Andere Angebote mit diesem Foto: {2}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="118"/>
        <source>Screens</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="123"/>
        <source>Where training would run</source>
        <translation>Wo das Training laufen würde</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="167"/>
        <source>&amp;New catalogue…</source>
        <translation>&amp;Neuer Katalog…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="168"/>
        <source>Create an empty catalogue file</source>
        <translation>Eine leere Katalogdatei anlegen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="169"/>
        <source>&amp;Open catalogue…</source>
        <translation>Katalog ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="171"/>
        <source>Open the &amp;demo catalogue</source>
        <translation>&amp;Demokatalog öffnen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="172"/>
        <source>400 photos of clothes in ten categories, to try labelling and training</source>
        <translation>400 Kleidungsfotos in zehn Kategorien, um Einordnen und Training auszuprobieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="173"/>
        <source>&amp;Import folder…</source>
        <translation>Ordner &amp;importieren…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="174"/>
        <source>Import &amp;CSV…</source>
        <translation>&amp;CSV importieren…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="175"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="177"/>
        <source>&amp;Settings…</source>
        <translation>Eins&amp;tellungen…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="179"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="181"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="182"/>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="183"/>
        <source>Select &amp;all</source>
        <translation>&amp;Alle auswählen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="185"/>
        <source>Toggle u&amp;nsure</source>
        <translation>&amp;Unsicher umschalten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="188"/>
        <source>&amp;Categories…</source>
        <translation>&amp;Kategorien…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="189"/>
        <source>&amp;Advance after labelling</source>
        <translation>Nach dem Einordnen &amp;weiter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="192"/>
        <source>&amp;Filters</source>
        <translation>&amp;Filter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="195"/>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="196"/>
        <source>&amp;Clear filters</source>
        <translation>Filter &amp;zurücksetzen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="197"/>
        <source>&amp;Detail pane</source>
        <translation>&amp;Detailbereich</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="200"/>
        <source>&amp;Reload</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="201"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="203"/>
        <source>&amp;About Product Image Reviewer</source>
        <translation>Ü&amp;ber Product Image Reviewer</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="205"/>
        <source>&amp;More like this</source>
        <translation>&amp;Mehr wie dieses</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="206"/>
        <source>The images most like the selected one</source>
        <translation>Die Bilder, die dem ausgewählten am ähnlichsten sind</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="208"/>
        <source>&amp;Heat map</source>
        <translation>&amp;Heatmap</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="209"/>
        <source>Show or hide what the model looked at in the photo</source>
        <translation>Zeigen oder verbergen, worauf das Modell im Foto geachtet hat</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="211"/>
        <source>Accept all shown above 95 %</source>
        <translation>Alle gezeigten über 95 % übernehmen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="212"/>
        <source>Label every image shown whose suggestion is ≥ 95 % confident (one step)</source>
        <translation>Jedes gezeigte Bild einordnen, dessen Vorschlag zu ≥ 95 % sicher ist (ein Schritt)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="214"/>
        <source>Refresh su&amp;ggestions</source>
        <translation>&amp;Vorschläge aktualisieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="215"/>
        <source>Suggest a category for every unlabelled image (newest run, or embeddings)</source>
        <translation>Für jedes nicht eingeordnete Bild eine Kategorie vorschlagen (neuester Lauf oder Einbettungen)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="219"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="222"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="234"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="243"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="251"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="263"/>
        <source>No other catalogues yet</source>
        <translation>Noch keine anderen Kataloge</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="266"/>
        <source>Clear the list</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="301"/>
        <source>Catalogue</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="308"/>
        <source> (read-only)</source>
        <translation> (schreibgeschützt)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="335"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="336"/>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="341"/>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="358"/>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="370"/>
        <source>Moderation</source>
        <translation>Moderation</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="57"/>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="87"/>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="59"/>
        <source>Every embedded image on a 2-D map of its embedding: look-alikes sit together. Hover a point for its picture; drag with Shift held (or turn on Lasso) around a group to open it and relabel with the usual keys.</source>
        <translation>Jedes eingebettete Bild auf einer 2-D-Karte seiner Einbettung: Ähnliche liegen beieinander. Zeigen Sie auf einen Punkt, um sein Bild zu sehen; ziehen Sie mit gedrückter Umschalttaste (oder mit Lasso) um eine Gruppe, um sie zu öffnen und mit den üblichen Tasten neu einzuordnen.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="65"/>
        <source>Projection method</source>
        <translation>Projektionsverfahren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="69"/>
        <source>Run whose predictions colour the map</source>
        <translation>Lauf, dessen Vorhersagen die Karte färben</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="71"/>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="105"/>
        <source>Colour by</source>
        <translation>Färben nach</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="74"/>
        <source>&amp;Compute map</source>
        <translation>Karte &amp;berechnen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="76"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="79"/>
        <source>&amp;Lasso</source>
        <translation>&amp;Lasso</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="81"/>
        <source>Drag around points to select them (or hold Shift)</source>
        <translation>Um Punkte ziehen, um sie auszuwählen (oder Umschalttaste halten)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="85"/>
        <source>Press “Compute map”.</source>
        <translation>Drücken Sie „Karte berechnen“.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="103"/>
        <source>Method</source>
        <translation>Verfahren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="104"/>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="125"/>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="88"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="144"/>
        <source>Computing the map…</source>
        <translation>Berechne die Karte…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="161"/>
        <source> (from the cache)</source>
        <translation> (aus dem Zwischenspeicher)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/map/map_view.py" line="162"/>
        <source>{0} image(s) have no embedding yet (Review › Compute embeddings).</source>
        <translation>
            <numerusform>{0} Bild hat noch keine Einbettung (Prüfung › Einbettungen berechnen).</numerusform>
            <numerusform>{0} Bilder haben noch keine Einbettung (Prüfung › Einbettungen berechnen).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/map/map_view.py" line="165"/>
        <source>{0} image(s) mapped with {1}{2}.</source>
        <translation>
            <numerusform>{0} Bild mit {1} abgebildet{2}.</numerusform>
            <numerusform>{0} Bilder mit {1} abgebildet{2}.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="186"/>
        <source>image {0} · {1}</source>
        <translation>Bild {0} · {1}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/map/map_view.py" line="207"/>
        <source>Map selection ({0} image(s))</source>
        <translation>
            <numerusform>Kartenauswahl ({0} Bild)</numerusform>
            <numerusform>Kartenauswahl ({0} Bilder)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/map/map_view.py" line="208"/>
        <source>The images you lassoed on the map. Relabel with the usual keys.</source>
        <translation>Die Bilder, die Sie auf der Karte mit dem Lasso gewählt haben. Mit den üblichen Tasten neu einordnen.</translation>
    </message>
</context>
<context>
    <name>ModerationView</name>
    <message>
        <location filename="../../src/reviewer/ui/moderation/moderation_view.py" line="55"/>
        <source>&lt;b&gt;Remove — why?&lt;/b&gt;</source>
        <translation>&lt;b&gt;Entfernen — warum?&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/moderation_view.py" line="57"/>
        <source>&lt;b&gt;Esc&lt;/b&gt;&amp;nbsp;cancel</source>
        <translation>&lt;b&gt;Esc&lt;/b&gt;&amp;nbsp;abbrechen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/moderation_view.py" line="60"/>
        <source>&lt;b&gt;A&lt;/b&gt;/&lt;b&gt;Enter&lt;/b&gt;&amp;nbsp;approve &amp;nbsp;·&amp;nbsp; &lt;b&gt;P&lt;/b&gt;&amp;nbsp;take the predicted category &amp;nbsp;·&amp;nbsp; &lt;b&gt;X&lt;/b&gt;&amp;nbsp;remove &amp;nbsp;·&amp;nbsp; &lt;b&gt;E&lt;/b&gt;&amp;nbsp;escalate &amp;nbsp;·&amp;nbsp; &lt;b&gt;S&lt;/b&gt;&amp;nbsp;skip &amp;nbsp;·&amp;nbsp; &lt;b&gt;Ctrl+Z&lt;/b&gt;&amp;nbsp;undo</source>
        <translation>&lt;b&gt;A&lt;/b&gt;/&lt;b&gt;Eingabe&lt;/b&gt;&amp;nbsp;freigeben &amp;nbsp;·&amp;nbsp; &lt;b&gt;P&lt;/b&gt;&amp;nbsp;vorhergesagte Kategorie übernehmen &amp;nbsp;·&amp;nbsp; &lt;b&gt;X&lt;/b&gt;&amp;nbsp;entfernen &amp;nbsp;·&amp;nbsp; &lt;b&gt;E&lt;/b&gt;&amp;nbsp;weiterleiten &amp;nbsp;·&amp;nbsp; &lt;b&gt;S&lt;/b&gt;&amp;nbsp;überspringen &amp;nbsp;·&amp;nbsp; &lt;b&gt;Strg+Z&lt;/b&gt;&amp;nbsp;rückgängig</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/moderation_view.py" line="63"/>
        <source>&lt;b&gt;H&lt;/b&gt;&amp;nbsp;heat&amp;nbsp;map</source>
        <translation>&lt;b&gt;H&lt;/b&gt;&amp;nbsp;Heatmap</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/moderation_view.py" line="87"/>
        <source>Moderation queue</source>
        <translation>Moderationswarteschlange</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/moderation_view.py" line="90"/>
        <source>Flag filter</source>
        <translation>Markierungsfilter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/moderation_view.py" line="91"/>
        <source>All flags</source>
        <translation>Alle Markierungen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/moderation_view.py" line="115"/>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/moderation_view.py" line="191"/>
        <source>&lt;b&gt;{0}&lt;/b&gt; left · {1} decisions/hour · {2} held by other moderators</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; übrig · {1} Entscheidungen/Stunde · {2} von anderen Moderatoren reserviert</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/moderation_view.py" line="237"/>
        <source>The queue is empty.</source>
        <translation>Die Warteschlange ist leer.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/moderation_view.py" line="238"/>
        <source>Nothing left but the listings you skipped.</source>
        <translation>Nur noch die Angebote übrig, die Sie übersprungen haben.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/moderation_view.py" line="334"/>
        <source>{0} to {1}</source>
        <translation>{0} nach {1}</translation>
    </message>
</context>
<context>
    <name>NoMatch</name>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/no_match.py" line="17"/>
        <source>No match</source>
        <translation>Kein Treffer</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/no_match.py" line="20"/>
        <location filename="../../src/reviewer/ui/catalogue/no_match.py" line="37"/>
        <source>No image matches these filters.</source>
        <translation>Kein Bild passt zu diesen Filtern.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/no_match.py" line="23"/>
        <source>Clear filters</source>
        <translation>Filter zurücksetzen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/no_match.py" line="24"/>
        <source>Show every image again</source>
        <translation>Wieder alle Bilder zeigen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/no_match.py" line="36"/>
        <source>No image matches “{0}” with these filters.</source>
        <translation>Kein Bild passt zu „{0}“ mit diesen Filtern.</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/password_dialog.py" line="33"/>
        <source>Database password</source>
        <translation>Datenbankpasswort</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/password_dialog.py" line="35"/>
        <source>refused the password given</source>
        <translation>hat das angegebene Passwort abgelehnt</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/password_dialog.py" line="36"/>
        <source>asks for a password</source>
        <translation>verlangt ein Passwort</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/password_dialog.py" line="37"/>
        <source>The database server of
{0}
{1}.</source>
        <translation>Der Datenbankserver von
{0}
{1}.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/password_dialog.py" line="42"/>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/password_dialog.py" line="43"/>
        <source>Remember in the keyring</source>
        <translation>Im Schlüsselbund merken</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/password_dialog.py" line="45"/>
        <source>Kept by your desktop&apos;s keyring, not by this app; the settings never hold it.</source>
        <translation>Vom Schlüsselbund Ihrer Arbeitsumgebung verwahrt, nicht von dieser App; die Einstellungen enthalten es nie.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/password_dialog.py" line="49"/>
        <source>No system keyring is available on this computer. A ~/.pgpass entry avoids typing it each time.</source>
        <translation>Auf diesem Computer ist kein Systemschlüsselbund verfügbar. Ein Eintrag in ~/.pgpass erspart die Eingabe jedes Mal.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/password_dialog.py" line="51"/>
        <source>Or put it in ~/.pgpass (host:port:database:user:password, mode 0600).</source>
        <translation>Oder tragen Sie es in ~/.pgpass ein (host:port:database:user:password, Modus 0600).</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/password_dialog.py" line="94"/>
        <source>Password not remembered</source>
        <translation>Passwort nicht gemerkt</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/password_dialog.py" line="95"/>
        <source>The password was used but not remembered: {0}.</source>
        <translation>Das Passwort wurde verwendet, aber nicht gemerkt: {0}.</translation>
    </message>
</context>
<context>
    <name>ProbabilityBars</name>
    <message>
        <location filename="../../src/reviewer/ui/moderation/listing_panel.py" line="63"/>
        <source>&lt;b&gt;{0}&lt;/b&gt; (declared)</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; (angegeben)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/listing_panel.py" line="70"/>
        <source>{0}%</source>
        <translation>{0} %</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <location filename="../../src/reviewer/ui/moderation/queue_model.py" line="20"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/queue_model.py" line="20"/>
        <source>Flags</source>
        <translation>Markierungen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/queue_model.py" line="21"/>
        <source>Listing</source>
        <translation>Angebot</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/queue_model.py" line="21"/>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/queue_model.py" line="22"/>
        <source>Claimed</source>
        <translation>Reserviert</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/queue_model.py" line="31"/>
        <source>{0} min</source>
        <translation>{0} min</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/queue_model.py" line="33"/>
        <source>{0} h</source>
        <translation>{0} h</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/queue_model.py" line="34"/>
        <source>{0} d</source>
        <translation>{0} T</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/queue_model.py" line="77"/>
        <source>you</source>
        <translation>Sie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/moderation/queue_model.py" line="79"/>
        <source>{0}
seller {1}; declared {2}; model: {3}</source>
        <translation>{0}
Verkäufer {1}; angegeben {2}; Modell: {3}</translation>
    </message>
</context>
<context>
    <name>ReviewGallery</name>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/review/review_gallery.py" line="92"/>
        <source>{1}: {0} image(s)</source>
        <translation>
            <numerusform>{1}: {0} Bild</numerusform>
            <numerusform>{1}: {0} Bilder</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/review/review_view.py" line="173"/>
        <source>{0} image(s) without an embedding yet (run &lt;code&gt;reviewer embed&lt;/code&gt;).</source>
        <translation>
            <numerusform>{0} Bild noch ohne Einbettung (&lt;code&gt;reviewer embed&lt;/code&gt; ausführen).</numerusform>
            <numerusform>{0} Bilder noch ohne Einbettung (&lt;code&gt;reviewer embed&lt;/code&gt; ausführen).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/review/review_view.py" line="198"/>
        <source>{1} — {0} image(s)</source>
        <translation>
            <numerusform>{1} — {0} Bild</numerusform>
            <numerusform>{1} — {0} Bilder</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunDetail</name>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="46"/>
        <source>No run selected</source>
        <translation>Kein Lauf ausgewählt</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="49"/>
        <source>Evaluation split</source>
        <translation>Teilmenge der Auswertung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="51"/>
        <source>Which split&apos;s evaluation to show</source>
        <translation>Die Auswertung welcher Teilmenge gezeigt wird</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="53"/>
        <source>&amp;Split:</source>
        <translation>&amp;Teilmenge:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="55"/>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="170"/>
        <source>Eva&amp;luate</source>
        <translation>&amp;Auswerten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="56"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="57"/>
        <source>Stop the evaluation</source>
        <translation>Die Auswertung anhalten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="61"/>
        <source>E&amp;xport report…</source>
        <translation>Bericht e&amp;xportieren…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="62"/>
        <source>Write the run&apos;s HTML report with CSV and JSON tables</source>
        <translation>Den HTML-Bericht des Laufs mit CSV- und JSON-Tabellen schreiben</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="63"/>
        <source>&amp;Open report</source>
        <translation>Bericht ö&amp;ffnen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="64"/>
        <source>Open the exported HTML report in the browser</source>
        <translation>Den exportierten HTML-Bericht im Browser öffnen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="65"/>
        <source>Re&amp;train…</source>
        <translation>Neu &amp;trainieren…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="66"/>
        <source>Train a new run with this run&apos;s settings on the current (corrected) labels</source>
        <translation>Einen neuen Lauf mit den Einstellungen dieses Laufs auf den aktuellen (korrigierten) Kategorien trainieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="89"/>
        <source>Precision, recall and F1 per category</source>
        <translation>Präzision, Trefferquote und F1 je Kategorie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="91"/>
        <source>Per category: precision, recall, F1 (as the paper&apos;s Tables I–V)</source>
        <translation>Je Kategorie: Präzision, Trefferquote, F1 (wie Tabellen I–V des Artikels)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="108"/>
        <source>Run details</source>
        <translation>Laufdetails</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="109"/>
        <source>Evaluation</source>
        <translation>Auswertung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="110"/>
        <source>Curves</source>
        <translation>Kurven</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="111"/>
        <source>Flips</source>
        <translation>Wechsel</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="112"/>
        <source>Loss and accuracy per epoch (as the paper&apos;s Figs. 14–15)</source>
        <translation>Verlust und Genauigkeit je Epoche (wie Abb. 14–15 des Artikels)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="114"/>
        <source>Images fixed or broken between two evaluations</source>
        <translation>Bilder, die zwischen zwei Auswertungen behoben oder verschlechtert wurden</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="136"/>
        <source>{0} images in the {1} split</source>
        <translation>{0} Bilder in der Teilmenge {1}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="137"/>
        <source>No images in the {0} split: make splits first (reviewer split), or import a test collection</source>
        <translation>Keine Bilder in der Teilmenge {0}: zuerst Teilmengen bilden (reviewer split) oder eine Testsammlung importieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="148"/>
        <source>Confusion matrix</source>
        <translation>Konfusionsmatrix</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="150"/>
        <source>Confusion matrix — {0}, evaluation {1}</source>
        <translation>Konfusionsmatrix — {0}, Auswertung {1}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="170"/>
        <source>Evaluate a&amp;gain</source>
        <translation>&amp;Erneut auswerten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="172"/>
        <source>Predict every image of the split again and store a new evaluation</source>
        <translation>Jedes Bild der Teilmenge erneut vorhersagen und eine neue Auswertung speichern</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="173"/>
        <source>Predict every image of the split with the run&apos;s model (in the background)</source>
        <translation>Jedes Bild der Teilmenge mit dem Modell des Laufs vorhersagen (im Hintergrund)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/run_detail.py" line="186"/>
        <source>%v / %m images</source>
        <translation>%v / %m Bilder</translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="96"/>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="97"/>
        <source>Every run with its validation accuracy and loss and its test accuracy, as the paper&apos;s Table VI compares its models; click a column title to sort. Select a run to see its evaluation.</source>
        <translation>Jeder Lauf mit Validierungsgenauigkeit und -verlust und Testgenauigkeit, wie Tabelle VI des Artikels seine Modelle vergleicht; zum Sortieren auf einen Spaltentitel klicken. Einen Lauf auswählen, um seine Auswertung zu sehen.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="101"/>
        <source>Compare &amp;runs (as the paper&apos;s Table VI)</source>
        <translation>&amp;Läufe vergleichen (wie Tabelle VI des Artikels)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="104"/>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="105"/>
        <source>Read the runs and evaluations again</source>
        <translation>Läufe und Auswertungen erneut lesen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="121"/>
        <source>Calibration</source>
        <translation>Kalibrierung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="160"/>
        <source>No runs yet</source>
        <translation>Noch keine Läufe</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="163"/>
        <source>A run is a model trained on this catalogue&apos;s train split. Train one in the Training tab (EfficientNet-Lite0 works offline); it then appears here with its accuracy, precision and recall per category, and a confusion matrix whose cells open the images behind them.</source>
        <translation>Ein Lauf ist ein Modell, das auf der Trainingsteilmenge dieses Katalogs trainiert wurde. Trainieren Sie einen im Reiter Training (EfficientNet-Lite0 funktioniert offline); er erscheint dann hier mit Genauigkeit, Präzision und Trefferquote je Kategorie und einer Konfusionsmatrix, deren Zellen die Bilder dahinter öffnen.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="175"/>
        <source>Go to the Training tab</source>
        <translation>Zum Reiter Training</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="226"/>
        <source>No runs yet: train one in the Training tab.</source>
        <translation>Noch keine Läufe: trainieren Sie einen im Reiter Training.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="270"/>
        <source>No run selected</source>
        <translation>Kein Lauf ausgewählt</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="282"/>
        <source>Run {0}: {1} ({2})</source>
        <translation>Lauf {0}: {1} ({2})</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="285"/>
        <source>Run {0}: {1}</source>
        <translation>Lauf {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="288"/>
        <source>Run {0} has not been evaluated on the {1} split yet: press Evaluate.</source>
        <translation>Lauf {0} wurde auf der Teilmenge {1} noch nicht ausgewertet: drücken Sie Auswerten.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="292"/>
        <source>, loss {0}</source>
        <translation>, Verlust {0}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="293"/>
        <source>{0} accuracy {1} %{2} over {3} images (evaluation {4}).</source>
        <translation>{0}: Genauigkeit {1} %{2} über {3} Bilder (Auswertung {4}).</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="308"/>
        <source>starting…</source>
        <translation>starte…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="318"/>
        <source>Run {0}: {1} accuracy {2} %</source>
        <translation>Lauf {0}: {1}, Genauigkeit {2} %</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="329"/>
        <source>No images in that cell.</source>
        <translation>Keine Bilder in dieser Zelle.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/runs/runs_view.py" line="362"/>
        <source>Report written: {0}</source>
        <translation>Bericht geschrieben: {0}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="24"/>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="25"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="26"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="27"/>
        <source>The system&apos;s language</source>
        <translation>Sprache des Systems</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="36"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="41"/>
        <source>Your name in the label history; undo and redo work on your own changes.</source>
        <translation>Ihr Name im Kategorieverlauf; Rückgängig und Wiederholen wirken auf Ihre eigenen Änderungen.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="45"/>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="56"/>
        <source>Backbones whose ImageNet weights are on this computer: EfficientNet-Lite0, -Lite1 and -Lite2 ship with the app; the others appear once their Keras weights file is installed (reviewer train --weights FILE puts it in place).</source>
        <translation>Backbones, deren ImageNet-Gewichte auf diesem Computer liegen: EfficientNet-Lite0, -Lite1 und -Lite2 werden mit der App geliefert; die anderen erscheinen, sobald ihre Keras-Gewichtsdatei installiert ist (reviewer train --weights DATEI legt sie ab).</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="63"/>
        <source>The colours of the app: the system&apos;s, or light or dark</source>
        <translation>Die Farben der App: die des Systems, hell oder dunkel</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="69"/>
        <source>Takes effect at the next start</source>
        <translation>Wirkt beim nächsten Start</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="71"/>
        <source>Curator name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="72"/>
        <source>Data folder:</source>
        <translation>Datenordner:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="73"/>
        <source>Default backbone:</source>
        <translation>Standard-Backbone:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="74"/>
        <source>Theme:</source>
        <translation>Farbschema:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="75"/>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="76"/>
        <source>The command line reads the same settings.</source>
        <translation>Die Kommandozeile liest dieselben Einstellungen.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="91"/>
        <source>{0} px</source>
        <translation>{0} px</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="93"/>
        <source>weights ship with the app</source>
        <translation>Gewichte mit der App geliefert</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="94"/>
        <source>ImageNet weights installed</source>
        <translation>ImageNet-Gewichte installiert</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="96"/>
        <source>no ImageNet weights on this computer</source>
        <translation>keine ImageNet-Gewichte auf diesem Computer</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="103"/>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="27"/>
        <source>Labelling (in the catalogue grid)</source>
        <translation>Einordnen (im Katalograster)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="28"/>
        <source>Moving and selecting in the grid</source>
        <translation>Bewegen und Auswählen im Raster</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="29"/>
        <source>Commands (menus)</source>
        <translation>Befehle (Menüs)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="35"/>
        <source>Move to the image beside, above or below</source>
        <translation>Zum Bild daneben, darüber oder darunter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="37"/>
        <source>Move one screen up or down</source>
        <translation>Eine Bildschirmseite nach oben oder unten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="39"/>
        <source>Go to the first or the last image</source>
        <translation>Zum ersten oder letzten Bild</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="43"/>
        <source>Select a range of images</source>
        <translation>Einen Bereich von Bildern auswählen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="45"/>
        <source>Add an image, or a range, to the selection</source>
        <translation>Ein Bild oder einen Bereich zur Auswahl hinzufügen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="98"/>
        <source>Label as {0}</source>
        <translation>Einordnen als {0}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="103"/>
        <source>Label as one of the first ten categories (none yet)</source>
        <translation>Als eine der ersten zehn Kategorien einordnen (noch keine)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="107"/>
        <source>Mark the selected images unsure (again: sure)</source>
        <translation>Die ausgewählten Bilder als unsicher markieren (nochmals: sicher)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="111"/>
        <source>Accept the suggested category of the selected unlabelled images</source>
        <translation>Die vorgeschlagene Kategorie der ausgewählten, nicht eingeordneten Bilder übernehmen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="129"/>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="132"/>
        <source>With several images selected, a number key labels them all in one step that one Ctrl+Z undoes.</source>
        <translation>Sind mehrere Bilder ausgewählt, ordnet eine Zifferntaste alle in einem Schritt ein, den ein Strg+Z rückgängig macht.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="136"/>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="136"/>
        <source>What they do</source>
        <translation>Was sie tun</translation>
    </message>
</context>
<context>
    <name>StatusTotals</name>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/main_window.py" line="68"/>
        <source>{0} image(s)</source>
        <translation>
            <numerusform>{0} Bild</numerusform>
            <numerusform>{0} Bilder</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="69"/>
        <source>{0} labelled</source>
        <translation>{0} eingeordnet</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="70"/>
        <source>{0} unsure</source>
        <translation>{0} unsicher</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="71"/>
        <source>train {0} · validation {1} · test {2}</source>
        <translation>Training {0} · Validierung {1} · Test {2}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="74"/>
        <source>no split {0}</source>
        <translation>ohne Teilmenge {0}</translation>
    </message>
</context>
<context>
    <name>TrainingCurves</name>
    <message>
        <location filename="../../src/reviewer/ui/training/training_curves.py" line="42"/>
        <source>Loss and accuracy per epoch
appear here after the first epoch</source>
        <translation>Verlust und Genauigkeit je Epoche
erscheinen hier nach der ersten Epoche</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_curves.py" line="51"/>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_curves.py" line="52"/>
        <source>accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_curves.py" line="53"/>
        <source>training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_curves.py" line="54"/>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_curves.py" line="61"/>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
</context>
<context>
    <name>TrainingView</name>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="42"/>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="42"/>
        <source>Paper</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="57"/>
        <source>{0} h {1} min</source>
        <translation>{0} h {1} min</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="59"/>
        <source>{0} min {1} s</source>
        <translation>{0} min {1} s</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="82"/>
        <source>Tick one or several backbones: they train one after another.</source>
        <translation>Ein oder mehrere Grundmodelle ankreuzen: sie trainieren nacheinander.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="94"/>
        <source>Training preset</source>
        <translation>Trainingsvorgabe</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="97"/>
        <source>Default: a good model in minutes. Paper: the paper&apos;s recipe, 100 epochs. Values below can still be edited.</source>
        <translation>Standard: ein gutes Modell in Minuten. Artikel: das Rezept des Artikels, 100 Epochen. Die Werte darunter bleiben änderbar.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="101"/>
        <source>Epochs (the paper: 100)</source>
        <translation>Epochen (der Artikel: 100)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="102"/>
        <source>Batch size (the paper: 32)</source>
        <translation>Stapelgröße (der Artikel: 32)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="108"/>
        <source>Adam learning rate (the paper tried 1e-3, 1e-4, 1e-5; 1e-4 won)</source>
        <translation>Adam-Lernrate (der Artikel probierte 1e-3, 1e-4, 1e-5; 1e-4 gewann)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="113"/>
        <source>Input size in pixels (0: the backbone&apos;s own)</source>
        <translation>Eingabegröße in Pixeln (0: die des Grundmodells)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="114"/>
        <source>backbone default</source>
        <translation>Standard des Grundmodells</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="115"/>
        <source>Frozen layers (-1: the recipe&apos;s cut)</source>
        <translation>Eingefrorene Schichten (-1: Schnitt des Rezepts)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="116"/>
        <source>recipe&apos;s cut</source>
        <translation>Schnitt des Rezepts</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="117"/>
        <source>Augment (rotate, shift, shear, zoom, flip)</source>
        <translation>Augmentieren (drehen, verschieben, scheren, zoomen, spiegeln)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="119"/>
        <source>Cache frozen features (fast path)</source>
        <translation>Eingefrorene Merkmale zwischenspeichern (schneller Weg)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="121"/>
        <source>Compute the frozen layers once per image and view, then train only the last blocks. Untick for full training every epoch.</source>
        <translation>Die eingefrorenen Schichten einmal je Bild und Ansicht berechnen, dann nur die letzten Blöcke trainieren. Abwählen für volles Training in jeder Epoche.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="123"/>
        <source>Augmented views cached per training image</source>
        <translation>Zwischengespeicherte augmentierte Ansichten je Trainingsbild</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="124"/>
        <source>Stop when validation loss has not improved for this many epochs (0: never)</source>
        <translation>Anhalten, wenn sich der Validierungsverlust so viele Epochen lang nicht verbessert hat (0: nie)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="126"/>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="127"/>
        <source>Weigh rare categories up</source>
        <translation>Seltene Kategorien höher gewichten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="128"/>
        <source>Ensemble of the backbones</source>
        <translation>Ensemble der Backbones</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="129"/>
        <source>With two or more backbones ticked: also record the mean of their runs as an ensemble run, evaluated like the others</source>
        <translation>Bei zwei oder mehr angehakten Backbones: zusätzlich den Mittelwert ihrer Läufe als Ensemble-Lauf speichern, ausgewertet wie die anderen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="133"/>
        <source>Evaluate with flipped pictures too (test-time augmentation)</source>
        <translation>Auch mit gespiegelten Bildern auswerten (Test-Time-Augmentation)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="134"/>
        <source>Average each picture&apos;s probabilities with its mirror image&apos;s when evaluating (a second pass of the model). The paper&apos;s recipe evaluates with one pass.</source>
        <translation>Beim Auswerten die Wahrscheinlichkeiten jedes Bildes mit denen seines Spiegelbilds mitteln (ein zweiter Durchlauf des Modells). Das Rezept des Papers wertet mit einem Durchlauf aus.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="138"/>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="159"/>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="139"/>
        <source>imagenet (Keras cache), none (from scratch), or a weights file</source>
        <translation>imagenet (Keras-Zwischenspeicher), none (von Grund auf) oder eine Gewichtsdatei</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="141"/>
        <source>Choose a Keras weights file (.h5)</source>
        <translation>Eine Keras-Gewichtsdatei (.h5) wählen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="148"/>
        <source>Preset values</source>
        <translation>Werte der Vorgabe</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="149"/>
        <source>Put the preset&apos;s values back into the fields you edited</source>
        <translation>Die Werte der Vorgabe wieder in die von Ihnen geänderten Felder setzen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="156"/>
        <source>Preset</source>
        <translation>Vorgabe</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="158"/>
        <source>Backbones</source>
        <translation>Grundmodelle</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="160"/>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="180"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="161"/>
        <source>Batch size</source>
        <translation>Stapelgröße</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="162"/>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="180"/>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="163"/>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="164"/>
        <source>Input size</source>
        <translation>Eingabegröße</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="165"/>
        <source>Frozen layers</source>
        <translation>Eingefrorene Schichten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="168"/>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="181"/>
        <source>Cached views</source>
        <translation>Zwischengespeicherte Ansichten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="169"/>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="181"/>
        <source>Early stopping</source>
        <translation>Vorzeitiger Abbruch</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="175"/>
        <source>Recipe (editable)</source>
        <translation>Rezept (änderbar)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="182"/>
        <source>Test-time augmentation</source>
        <translation>Test-Time-Augmentation</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="195"/>
        <source>Start training</source>
        <translation>Training starten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="198"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="213"/>
        <source>Training settings</source>
        <translation>Trainingseinstellungen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="219"/>
        <source>Ready. Pick backbones and press Start.</source>
        <translation>Bereit. Grundmodelle wählen und Start drücken.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="225"/>
        <source>Training log</source>
        <translation>Trainingsprotokoll</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="228"/>
        <source>The training log appears here.</source>
        <translation>Das Trainingsprotokoll erscheint hier.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="251"/>
        <source>Keras weights file</source>
        <translation>Keras-Gewichtsdatei</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="252"/>
        <source>HDF5 weights (*.h5 *.hdf5);;All files (*)</source>
        <translation>HDF5-Gewichte (*.h5 *.hdf5);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="307"/>
        <source>Your values kept: {0}.</source>
        <translation>Ihre Werte beibehalten: {0}.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="315"/>
        <source>{0}. Expected time: {1}.</source>
        <translation>{0}. Erwartete Dauer: {1}.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="404"/>
        <source>Retraining run {0} ({1}) with the corrected labels.</source>
        <translation>Trainiere Lauf {0} ({1}) mit den korrigierten Kategorien neu.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="410"/>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="428"/>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="506"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="410"/>
        <source>Tick at least one backbone.</source>
        <translation>Kreuzen Sie mindestens ein Grundmodell an.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="426"/>
        <source>A training is already running.</source>
        <translation>Es läuft bereits ein Training.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="431"/>
        <source>Training cancelled; the run is kept as cancelled and can be resumed.</source>
        <translation>Training abgebrochen; der Lauf bleibt als abgebrochen erhalten und kann fortgesetzt werden.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="438"/>
        <source>Queued: {0}</source>
        <translation>In der Warteschlange: {0}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="443"/>
        <source>Cancelling after the current batch…</source>
        <translation>Breche nach dem aktuellen Stapel ab…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="452"/>
        <source>— {0} ({1} of {2}) —</source>
        <translation>— {0} ({1} von {2}) —</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/training/training_view.py" line="456"/>
        <source>Run {1} {2}: {0} epoch(s) in {3} s on {4} ({5} of {6} layers frozen).</source>
        <translation>
            <numerusform>Lauf {1} {2}: {0} Epoche in {3} s auf {4} ({5} von {6} Schichten eingefroren).</numerusform>
            <numerusform>Lauf {1} {2}: {0} Epochen in {3} s auf {4} ({5} von {6} Schichten eingefroren).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="464"/>
        <source>evaluating {0} %v / %m</source>
        <translation>werte {0} aus %v / %m</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="467"/>
        <source>Run {0}: {1} accuracy {2}</source>
        <translation>Lauf {0}: {1}, Genauigkeit {2}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="470"/>
        <source>{0} not evaluated: {1}</source>
        <translation>{0} nicht ausgewertet: {1}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="476"/>
        <source>Run {0}: ensemble of runs {1}.</source>
        <translation>Lauf {0}: Ensemble der Läufe {1}.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="483"/>
        <source>caching frozen features %v / %m</source>
        <translation>speichere eingefrorene Merkmale %v / %m</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="488"/>
        <source>epoch %v / %m</source>
        <translation>Epoche %v / %m</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="491"/>
        <source> — about {0} left</source>
        <translation> — noch etwa {0}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="494"/>
        <source>epoch {0}: {1}</source>
        <translation>Epoche {0}: {1}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/training/training_view.py" line="500"/>
        <source>Done: run(s) {1}. See the Runs tab.</source>
        <translation>
            <numerusform>Fertig: Lauf {1}. Siehe den Reiter Läufe.</numerusform>
            <numerusform>Fertig: Läufe {1}. Siehe den Reiter Läufe.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/training/training_view.py" line="504"/>
        <source>Training stopped with an error.</source>
        <translation>Training mit einem Fehler beendet.</translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>CatalogueView</name>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="201"/>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="272"/>
        <source>{0} image(s)</source>
        <comment>count of all images</comment>
        <translation>
            <numerusform>{0} Bild</numerusform>
            <numerusform>{0} Bilder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="274"/>
        <source>{0} image(s) match these filters</source>
        <translation>
            <numerusform>{0} Bild passt zu diesen Filtern</numerusform>
            <numerusform>{0} Bilder passen zu diesen Filtern</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="419"/>
        <source>Label {0} image(s) as</source>
        <translation>
            <numerusform>{0} Bild einordnen als</numerusform>
            <numerusform>{0} Bilder einordnen als</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="420"/>
        <source>Label as</source>
        <translation>Einordnen als</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="434"/>
        <source>No category</source>
        <translation>Keine Kategorie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="436"/>
        <source>Toggle unsure</source>
        <translation>Unsicher umschalten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="439"/>
        <source>Open large</source>
        <translation>Groß öffnen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="439"/>
        <source>double-click</source>
        <translation>Doppelklick</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/catalogue_view.py" line="465"/>
        <source>Nothing changed ({0} image(s) selected).</source>
        <translation>
            <numerusform>Nichts geändert ({0} Bild ausgewählt).</numerusform>
            <numerusform>Nichts geändert ({0} Bilder ausgewählt).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CellGallery</name>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/runs/cell_gallery.py" line="192"/>
        <source>{0} image(s) of the cell no longer in the catalogue.</source>
        <translation>
            <numerusform>{0} Bild der Zelle nicht mehr im Katalog.</numerusform>
            <numerusform>{0} Bilder der Zelle nicht mehr im Katalog.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/runs/cell_gallery.py" line="237"/>
        <source>{0} image(s) confirmed.</source>
        <translation>
            <numerusform>{0} Bild bestätigt.</numerusform>
            <numerusform>{0} Bilder bestätigt.</numerusform>
        </translation>
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
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="114"/>
        <source>Image details</source>
        <translation>Bilddetails</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="116"/>
        <source>Selected image</source>
        <translation>Ausgewähltes Bild</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="134"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="134"/>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="134"/>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="135"/>
        <source>How</source>
        <translation>Wie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="136"/>
        <source>Label history</source>
        <translation>Kategorieverlauf</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="194"/>
        <source>{0} image(s) selected</source>
        <translation>
            <numerusform>{0} Bild ausgewählt</numerusform>
            <numerusform>{0} Bilder ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="201"/>
        <source>A number key labels them all; one Ctrl+Z undoes it.</source>
        <translation>Eine Zifferntaste ordnet alle ein; ein Strg+Z macht es rückgängig.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/detail_view.py" line="231"/>
        <source>{0} from a {1} import</source>
        <translation>{0} aus einem Import ({1})</translation>
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
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="52"/>
        <source>Sort by ID</source>
        <translation>Nach ID sortieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="53"/>
        <source>Sort by file name</source>
        <translation>Nach Dateiname sortieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="54"/>
        <source>Sort by import time</source>
        <translation>Nach Importzeit sortieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="77"/>
        <source>All categories</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="78"/>
        <source>(no category)</source>
        <translation>(keine Kategorie)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="80"/>
        <source>Show one category</source>
        <translation>Eine Kategorie zeigen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="80"/>
        <source>Category filter</source>
        <translation>Kategoriefilter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="81"/>
        <source>Show one split</source>
        <translation>Eine Teilmenge zeigen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="81"/>
        <source>Split filter</source>
        <translation>Teilmengenfilter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="82"/>
        <source>Show images marked unsure, or the others</source>
        <translation>Als unsicher markierte Bilder zeigen, oder die anderen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="83"/>
        <source>Unsure filter</source>
        <translation>Unsicher-Filter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="84"/>
        <source>Show images from one kind of import</source>
        <translation>Bilder aus einer Importart zeigen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="85"/>
        <source>Source filter</source>
        <translation>Quellenfilter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="86"/>
        <source>Show flagged images, or the others</source>
        <translation>Markierte Bilder zeigen, oder die anderen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="87"/>
        <source>Flagged filter</source>
        <translation>Markierungsfilter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="89"/>
        <source>Search file name or listing id</source>
        <translation>Dateiname oder Inserat-ID suchen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="91"/>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="93"/>
        <source>Order of the images</source>
        <translation>Reihenfolge der Bilder</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="93"/>
        <source>Sort by</source>
        <translation>Sortieren nach</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="97"/>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="192"/>
        <source>Ascending (click for descending)</source>
        <translation>Aufsteigend (klicken für absteigend)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="98"/>
        <source>Sort direction</source>
        <translation>Sortierrichtung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="99"/>
        <source>Clear</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="100"/>
        <source>Show every image</source>
        <translation>Alle Bilder zeigen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/filter_bar.py" line="191"/>
        <source>Descending (click for ascending)</source>
        <translation>Absteigend (klicken für aufsteigend)</translation>
    </message>
</context>
<context>
    <name>ImageGridModel</name>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="367"/>
        <source>no category</source>
        <translation>keine Kategorie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="368"/>
        <source>split {0}</source>
        <translation>Teilmenge {0}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="368"/>
        <source>no split</source>
        <translation>keine Teilmenge</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="369"/>
        <source>unsure</source>
        <translation>unsicher</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="369"/>
        <source>sure</source>
        <translation>sicher</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="370"/>
        <source>flagged</source>
        <translation>markiert</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="370"/>
        <source>not flagged</source>
        <translation>nicht markiert</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="373"/>
        <source>no longer matches the filter</source>
        <translation>passt nicht mehr zum Filter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/grid/image_grid_model.py" line="386"/>
        <source>Flagged</source>
        <translation>Markiert</translation>
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
        <source>&lt;b&gt;arrows&lt;/b&gt;&amp;nbsp;move</source>
        <translation>&lt;b&gt;Pfeiltasten&lt;/b&gt;&amp;nbsp;bewegen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/key_legend.py" line="28"/>
        <source>&lt;b&gt;Ctrl+Z&lt;/b&gt;&amp;nbsp;undo</source>
        <translation>&lt;b&gt;Strg+Z&lt;/b&gt;&amp;nbsp;rückgängig</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/key_legend.py" line="29"/>
        <source>&lt;b&gt;Ctrl+Shift+Z&lt;/b&gt;&amp;nbsp;redo</source>
        <translation>&lt;b&gt;Strg+Umschalt+Z&lt;/b&gt;&amp;nbsp;wiederholen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/key_legend.py" line="53"/>
        <source>key {0}: {1}</source>
        <translation>Taste {0}: {1}</translation>
    </message>
</context>
<context>
    <name>Labeller</name>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/labelling.py" line="117"/>
        <source>no category</source>
        <translation>keine Kategorie</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/catalogue/labelling.py" line="119"/>
        <source>Already {0}.</source>
        <translation>Schon {0}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/labelling.py" line="120"/>
        <source>{0} image(s) → {1}. Ctrl+Z undoes it.</source>
        <translation>
            <numerusform>{0} Bild → {1}. Strg+Z macht es rückgängig.</numerusform>
            <numerusform>{0} Bilder → {1}. Strg+Z macht es rückgängig.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/labelling.py" line="137"/>
        <source>{0} image(s) marked unsure.</source>
        <translation>
            <numerusform>{0} Bild als unsicher markiert.</numerusform>
            <numerusform>{0} Bilder als unsicher markiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/catalogue/labelling.py" line="138"/>
        <source>{0} image(s) marked sure.</source>
        <translation>
            <numerusform>{0} Bild als sicher markiert.</numerusform>
            <numerusform>{0} Bilder als sicher markiert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="113"/>
        <source>Screens</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="118"/>
        <source>Where training would run</source>
        <translation>Wo das Training laufen würde</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="162"/>
        <source>&amp;New catalogue…</source>
        <translation>&amp;Neuer Katalog…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="163"/>
        <source>Create an empty catalogue file</source>
        <translation>Eine leere Katalogdatei anlegen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="164"/>
        <source>&amp;Open catalogue…</source>
        <translation>Katalog ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="166"/>
        <source>Open the &amp;demo catalogue</source>
        <translation>&amp;Demokatalog öffnen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="167"/>
        <source>400 photos of clothes in ten categories, to try labelling and training</source>
        <translation>400 Kleidungsfotos in zehn Kategorien, um Einordnen und Training auszuprobieren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="168"/>
        <source>&amp;Import folder…</source>
        <translation>Ordner &amp;importieren…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="169"/>
        <source>Import &amp;CSV…</source>
        <translation>&amp;CSV importieren…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="170"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="172"/>
        <source>&amp;Settings…</source>
        <translation>Eins&amp;tellungen…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="174"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="176"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="177"/>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="178"/>
        <source>Select &amp;all</source>
        <translation>&amp;Alle auswählen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="180"/>
        <source>Toggle u&amp;nsure</source>
        <translation>&amp;Unsicher umschalten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="183"/>
        <source>&amp;Categories…</source>
        <translation>&amp;Kategorien…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="184"/>
        <source>&amp;Advance after labelling</source>
        <translation>Nach dem Einordnen &amp;weiter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="187"/>
        <source>&amp;Filters</source>
        <translation>&amp;Filter</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="190"/>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="191"/>
        <source>&amp;Clear filters</source>
        <translation>Filter &amp;zurücksetzen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="192"/>
        <source>&amp;Detail pane</source>
        <translation>&amp;Detailbereich</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="195"/>
        <source>&amp;Reload</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="196"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="198"/>
        <source>&amp;About Product Image Reviewer</source>
        <translation>Ü&amp;ber Product Image Reviewer</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="200"/>
        <source>&amp;More like this</source>
        <translation>&amp;Mehr wie dieses</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="201"/>
        <source>The images most like the selected one</source>
        <translation>Die Bilder, die dem ausgewählten am ähnlichsten sind</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="205"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="208"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="220"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="227"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="234"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="246"/>
        <source>No other catalogues yet</source>
        <translation>Noch keine anderen Kataloge</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="249"/>
        <source>Clear the list</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="283"/>
        <source>Catalogue</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="290"/>
        <source> (read-only)</source>
        <translation> (schreibgeschützt)</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="315"/>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="316"/>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="321"/>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="334"/>
        <source>Moderation</source>
        <translation>Moderation</translation>
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
        <location filename="../../src/reviewer/ui/review/review_view.py" line="187"/>
        <source>{0} image(s) without an embedding yet (run &lt;code&gt;reviewer embed&lt;/code&gt;).</source>
        <translation>
            <numerusform>{0} Bild noch ohne Einbettung (&lt;code&gt;reviewer embed&lt;/code&gt; ausführen).</numerusform>
            <numerusform>{0} Bilder noch ohne Einbettung (&lt;code&gt;reviewer embed&lt;/code&gt; ausführen).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/review/review_view.py" line="225"/>
        <source>{1} — {0} image(s)</source>
        <translation>
            <numerusform>{1} — {0} Bild</numerusform>
            <numerusform>{1} — {0} Bilder</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="31"/>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="32"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="33"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="34"/>
        <source>The system&apos;s language</source>
        <translation>Sprache des Systems</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="43"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="48"/>
        <source>Your name in the label history; undo and redo work on your own changes.</source>
        <translation>Ihr Name im Kategorieverlauf; Rückgängig und Wiederholen wirken auf Ihre eigenen Änderungen.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="52"/>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="66"/>
        <source>The colours of the app: the system&apos;s, or light or dark</source>
        <translation>Die Farben der App: die des Systems, hell oder dunkel</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="72"/>
        <source>Takes effect at the next start</source>
        <translation>Wirkt beim nächsten Start</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="74"/>
        <source>Curator name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="75"/>
        <source>Data folder:</source>
        <translation>Datenordner:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="76"/>
        <source>Default backbone:</source>
        <translation>Standard-Backbone:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="77"/>
        <source>Theme:</source>
        <translation>Farbschema:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="78"/>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="79"/>
        <source>The command line reads the same settings.</source>
        <translation>Die Kommandozeile liest dieselben Einstellungen.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/settings_dialog.py" line="90"/>
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
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="125"/>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="128"/>
        <source>With several images selected, a number key labels them all in one step that one Ctrl+Z undoes.</source>
        <translation>Sind mehrere Bilder ausgewählt, ordnet eine Zifferntaste alle in einem Schritt ein, den ein Strg+Z rückgängig macht.</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="132"/>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/dialogs/shortcuts_dialog.py" line="132"/>
        <source>What they do</source>
        <translation>Was sie tun</translation>
    </message>
</context>
<context>
    <name>StatusTotals</name>
    <message numerus="yes">
        <location filename="../../src/reviewer/ui/main_window.py" line="65"/>
        <source>{0} image(s)</source>
        <translation>
            <numerusform>{0} Bild</numerusform>
            <numerusform>{0} Bilder</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="66"/>
        <source>{0} labelled</source>
        <translation>{0} eingeordnet</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="67"/>
        <source>{0} unsure</source>
        <translation>{0} unsicher</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="68"/>
        <source>train {0} · validation {1} · test {2}</source>
        <translation>Training {0} · Validierung {1} · Test {2}</translation>
    </message>
    <message>
        <location filename="../../src/reviewer/ui/main_window.py" line="71"/>
        <source>no split {0}</source>
        <translation>ohne Teilmenge {0}</translation>
    </message>
</context>
</TS>

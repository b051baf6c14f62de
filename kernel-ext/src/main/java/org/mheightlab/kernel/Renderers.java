package org.mheightlab.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.plotly.components.Figure;

/**
 * Inline display of Tablesaw tables (HTML) and jsplot figures (Plotly). Plotly.js comes from the
 * {@code org.webjars.npm:plotly.js-dist} jar, never from a CDN, and is kept out of the cell outputs (it is about 11 MB;
 * saved notebooks would carry it): in a live notebook it is sent once per kernel session as a display that is
 * emptied right after the browser ran it, and an exported HTML report gets it once in its head
 * ({@link #embedPlotly}). A figure whose page has no Plotly yet waits for it, and says so.
 */
public final class Renderers {

    static final String PLOTLY_RESOURCE = "/META-INF/resources/webjars/plotly.js-dist/2.35.3/plotly.js";
    /** Marks a page that already carries Plotly.js, so embedding twice changes nothing. */
    static final String EMBEDDED_MARK = "<!-- mheight-lab: plotly.js 2.35.3 embedded -->";

    private final AtomicBoolean plotlySent = new AtomicBoolean();
    private BaseKernel kernel;

    /** Registers the renderers; {@code kernel} is where Plotly.js is sent before the session's first figure. */
    public void install(BaseKernel kernel) {
        this.kernel = kernel;
        Renderer renderer = kernel.getRenderer();
        renderer.createRegistration(Table.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register((table, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> table.name() + " (" + table.rowCount() + " rows)");
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> tableHtml(table));
                });
        renderer.createRegistration(Figure.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register((figure, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> "Plotly figure");
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> {
                        sendPlotlyOnce();
                        return figureHtml(figure);
                    });
                });
    }

    /**
     * Sends Plotly.js to the live page unless this session already did ({@code again}: send it anyway, for a page
     * reloaded while the kernel kept running). The display is emptied as soon as it is sent: the browser has run
     * the script by then, and the saved notebook keeps an empty output instead of 11 MB.
     */
    public void sendPlotlyOnce(boolean again) {
        if (kernel == null || !kernel.getIO().isAttached() || !(plotlySent.compareAndSet(false, true) || again)) {
            return;
        }
        String id = "mheight-plotly-" + UUID.randomUUID();
        DisplayData script = new DisplayData("Plotly.js (loaded once per kernel session)");
        script.putHTML(plotlyScript());
        script.setDisplayId(id);
        kernel.display(script);
        DisplayData empty = new DisplayData("");
        empty.setDisplayId(id);
        kernel.getIO().display.updateDisplay(id, empty);
    }

    private void sendPlotlyOnce() {
        sendPlotlyOnce(false);
    }

    /**
     * The figure as a div and its script. The script draws at once where Plotly.js is loaded, and otherwise
     * queues itself for the loader ({@link #plotlyScript}) and says in the div what is missing.
     */
    public String figureHtml(Figure figure) {
        // Tablesaw names a JavaScript variable after the div, so the id must be a valid identifier.
        String id = "mh_" + UUID.randomUUID().toString().replace('-', '_');
        String js = figure.asJavascript(id).strip();
        String body = js.replaceFirst("(?s)^<script[^>]*>", "").replaceFirst("(?s)</script>$", "");
        // The div may hold a static picture of the chart (notebooks/regenerate puts one there for viewers that
        // run no scripts); drawing replaces whatever the div holds, and a missing Plotly.js adds a note below it.
        return "<div id=\"" + id + "\"></div>\n<script type=\"text/javascript\">(function () {\n"
                + "var el = document.getElementById('" + id + "');\n"
                + "var draw = function () {\n"
                + "while (el.firstChild) { el.removeChild(el.firstChild); }\n" + body + "\n};\n"
                + "if (window.Plotly) { draw(); } else {\n"
                + "  (window.mheightPlotlyQueue = window.mheightPlotlyQueue || []).push(draw);\n"
                + "  var note = document.createElement('p');\n"
                + "  note.textContent = 'Plotly.js is not loaded in this page yet: run"
                + " %mh_plotly (or any chart cell after a kernel restart), or export with notebooks/execute.';\n"
                + "  el.appendChild(note);\n"
                + "}\n})();</script>\n";
    }

    /**
     * Plotly.js as one script element that defines {@code window.Plotly} and then draws the figures waiting
     * for it. Jupyter pages and nbconvert's HTML load RequireJS; Plotly's UMD bundle would then register as an AMD
     * module instead of defining window.Plotly, so define/module/exports are hidden from it.
     */
    static String plotlyScript() {
        return "<script type=\"text/javascript\">(function (define, module, exports) {\n" + plotlyJs()
                + "\n}).call(window);\n(function () { var q = window.mheightPlotlyQueue || [];"
                + " window.mheightPlotlyQueue = []; q.forEach(function (draw) { draw(); }); })();</script>\n";
    }

    /**
     * An exported notebook page with Plotly.js written once into its head, so its figures draw offline; a page
     * that has it already is returned unchanged.
     */
    static String embedPlotly(String html) {
        if (html.contains(EMBEDDED_MARK)) {
            return html;
        }
        java.util.regex.Matcher head = java.util.regex.Pattern.compile("(?i)<head[^>]*>").matcher(html);
        if (!head.find()) {
            throw new IllegalArgumentException("not an HTML page: no <head> element");
        }
        // After the page's charset declaration: a browser looks for it in the first 1024 bytes, and Plotly.js
        // (non-ASCII identifiers) decoded in the wrong charset does not parse.
        java.util.regex.Matcher charset = java.util.regex.Pattern.compile("(?i)<meta[^>]*charset[^>]*>").matcher(html);
        int at = head.end();
        String declaration = "\n<meta charset=\"utf-8\">";
        if (charset.find() && charset.start() < html.toLowerCase(java.util.Locale.ROOT).indexOf("</head>")) {
            at = charset.end();
            declaration = "";
        }
        return html.substring(0, at) + declaration + "\n" + EMBEDDED_MARK + "\n" + plotlyScript()
                + html.substring(at);
    }

    static String tableHtml(Table table) {
        List<String> header = new ArrayList<>(table.columnNames());
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < table.rowCount(); r++) {
            List<String> row = new ArrayList<>();
            for (Column<?> c : table.columns()) {
                row.add(c.getString(r));
            }
            rows.add(row);
        }
        return Html.table(table.name(), header, rows);
    }

    static String plotlyJs() {
        try (InputStream in = Renderers.class.getResourceAsStream(PLOTLY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Plotly.js not found on the classpath (" + PLOTLY_RESOURCE
                        + "): the org.webjars.npm:plotly.js-dist jar is missing");
            }
            // "</script>" inside the library would end the tag early; it never occurs in the minified bundle, but
            // escape defensively.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script>", "<\\/script>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

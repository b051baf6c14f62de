package org.mheightlab.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.plotly.components.Figure;

/**
 * Inline display of Tablesaw tables (HTML) and jsplot figures (Plotly). Plotly.js comes from the
 * {@code org.webjars.npm:plotly.js-dist} jar and is written into the first figure's output of a kernel session,
 * never loaded from a CDN, so notebooks and their HTML exports show charts with no network. The text/plain part
 * stays one line so saved notebooks stay small.
 */
public final class Renderers {

    static final String PLOTLY_RESOURCE = "/META-INF/resources/webjars/plotly.js-dist/2.35.3/plotly.js";

    private final AtomicBoolean plotlySent = new AtomicBoolean();

    public void install(Renderer renderer) {
        renderer.createRegistration(Table.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register((table, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> table.name() + " (" + table.rowCount() + " rows)");
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> tableHtml(table));
                });
        renderer.createRegistration(Figure.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register((figure, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> "Plotly figure");
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> figureHtml(figure));
                });
    }

    /** The figure as a div and its script; the first call of a session carries Plotly.js itself. */
    public String figureHtml(Figure figure) {
        // Tablesaw names a JavaScript variable after the div, so the id must be a valid identifier.
        String id = "mh_" + UUID.randomUUID().toString().replace('-', '_');
        StringBuilder sb = new StringBuilder();
        if (plotlySent.compareAndSet(false, true)) {
            // Jupyter pages and nbconvert's HTML load RequireJS; Plotly's UMD bundle would then register as an AMD
            // module instead of defining window.Plotly. Hiding define/module/exports makes it take the global path.
            sb.append("<script type=\"text/javascript\">(function (define, module, exports) {\n").append(plotlyJs())
                    .append("\n}).call(window);</script>\n");
        }
        sb.append("<div id=\"").append(id).append("\"></div>\n").append(figure.asJavascript(id));
        return sb.toString();
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

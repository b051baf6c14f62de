package org.mheightlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exported reports get Plotly.js once, in their head; executed notebooks never carry it. */
class PlotlyEmbeddingTest {

    private static final String PAGE = "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\">\n<title>run7</title>"
            + "</head>\n<body><div id=\"mh_1\"></div><script>Plotly.newPlot('mh_1', [], {});</script></body>\n</html>\n";

    @Test
    void plotlyIsWrittenOnceIntoTheHeadBeforeAnyFigure() {
        String html = Renderers.embedPlotly(PAGE);
        int script = html.indexOf("(function (define, module, exports) {");
        assertTrue(script > 0 && script < html.indexOf("</head>"), "Plotly.js sits in the head");
        assertTrue(script < html.indexOf("Plotly.newPlot('mh_1'"), "and runs before the figures");
        assertTrue(html.indexOf("<meta charset=\"utf-8\">") < script, "after the charset, or it is decoded wrongly");
        assertTrue(Renderers.embedPlotly("<html><head><title>t</title></head><body></body></html>")
                .startsWith("<html><head>\n<meta charset=\"utf-8\">"), "a page without a charset gets one first");
        assertTrue(html.length() - PAGE.length() > 3_000_000, "the whole library, not a link to it");
        assertTrue(!html.contains("<script src") && !html.contains("<script type=\"text/javascript\" src"),
                "the library is inline: nothing is fetched");
        assertEquals(html, Renderers.embedPlotly(html), "embedding twice changes nothing");
        assertEquals(1, html.split(java.util.regex.Pattern.quote(Renderers.EMBEDDED_MARK), -1).length - 1);
    }

    @Test
    void aFileThatIsNotAPageIsRefusedAndLeftAlone(@TempDir Path dir) throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.html"), "just text");
        assertEquals(2, KernelCli.run("embed-plotly", notes.toString()));
        assertEquals("just text", Files.readString(notes));
        assertEquals(2, KernelCli.run("embed-plotly", dir.resolve("missing.html").toString()));
    }

    @Test
    void theCommandRewritesAReportInPlace(@TempDir Path dir) throws Exception {
        Path report = Files.writeString(dir.resolve("run7.html"), PAGE);
        assertEquals(0, KernelCli.run("embed-plotly", report.toString()));
        String once = Files.readString(report);
        assertTrue(once.contains(Renderers.EMBEDDED_MARK));
        assertEquals(0, KernelCli.run("embed-plotly", report.toString()));
        assertEquals(once, Files.readString(report));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }
}

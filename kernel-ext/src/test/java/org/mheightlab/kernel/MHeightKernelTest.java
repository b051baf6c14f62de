package org.mheightlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MHeightKernelTest {

    static MHeightKernel kernel;

    @BeforeAll
    static void start() {
        kernel = MHeightKernel.builder().build();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    @Test
    void extensionIsAServiceAndRegistersItsMagics() {
        assertTrue(ServiceLoader.load(Extension.class).stream().anyMatch(p -> p.type() == MHeightExtension.class));
        for (String m : MHeightExtension.LINE_MAGICS) {
            assertTrue(kernel.getMagicsRegistry().getLineMagicNames().contains(m), m);
        }
        for (String m : MHeightExtension.CELL_MAGICS) {
            assertTrue(kernel.getMagicsRegistry().getCellMagicNames().contains(m), m);
        }
    }

    @Test
    void lastExpressionIsTheCellResult() {
        assertEquals(2, kernel.evalRaw("1 + 1"));
        assertEquals(21, kernel.evalRaw("int x = 3;\nint y = 7;\nx * y"));
        assertEquals("ok", kernel.evalRaw("String s = \"ok\";\ns"));
        Object profile = kernel.evalRaw("new org.mheightlab.code.ExactHeightCalculator().height(new double[][] {{2, 3}}, 1)");
        assertEquals(1.5, (double) profile, 1e-15);
    }

    @Test
    void compileErrorsAndExceptionsAreReportedInTheCell() {
        RuntimeException e = assertThrows(CellErrors.CompileError.class, () -> kernel.evalRaw("int z = \"text\";"));
        assertTrue(e.getMessage().contains("incompatible types"), e.getMessage());
        e = assertThrows(NumberFormatException.class, () -> kernel.evalRaw("Integer.parseInt(\"x\")"));
        assertTrue(e.getMessage().contains("For input string"), e.getMessage());
        assertEquals(5, kernel.evalRaw("5"), "the kernel keeps working after errors");
    }

    @Test
    void classpathMagicAddsJars() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("mh-classpath");
        Path src = dir.resolve("Greeter.java");
        java.nio.file.Files.writeString(src, "package demo; public class Greeter { public static String hi() { return \"hi\"; } }");
        assertEquals(0, javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(),
                src.toString()));
        kernel.evalRaw("%classpath " + dir);
        assertEquals("hi", kernel.evalRaw("demo.Greeter.hi()"));
    }

    @Test
    void heightMagicThroughTheKernel() {
        DisplayData d = kernel.eval("%%mh_height\n1 2 3 4 5\n-1 0 2 7 1\n3 3 -2 1 0\n4 -5 6 1 2\n");
        String html = (String) d.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("13.982456140350") && html.contains("inf"), html);
    }

    @Test
    void magicsHandlersWorkDirectly() {
        MHeightMagics m = new MHeightMagics();
        DisplayData gen = m.generate(List.of("5", "3"));
        assertEquals(45, m.current().size());
        assertTrue(((String) gen.getData(MIMEType.TEXT_HTML)).contains("(6,3)"));
        DisplayData data = m.data(List.of(projectDir().resolve("data/test").toString()));
        assertTrue(((String) data.getData(MIMEType.TEXT_HTML)).contains("4500"));
        assertThrows(IllegalArgumentException.class, () -> m.data(List.of()));
        assertEquals("3", MHeightMagics.overrides("epochs = 3\n# comment\n").get("epochs"));
        assertThrows(IllegalArgumentException.class, () -> MHeightMagics.overrides("speed = 3"));
    }

    @Test
    void trainTableAndCompareMagics() {
        MHeightMagics m = new MHeightMagics();
        Path root = projectDir();
        Path out = Path.of(System.getProperty("java.io.tmpdir"), "mheight-kernel-test-" + ProcessHandle.current().pid());
        java.util.List<String> progress = new java.util.ArrayList<>();
        String body = "epochs = 2\nlimitPerGroup = 20\ntrain = " + root.resolve("data/train") + "\ntest = "
                + root.resolve("data/test") + "\n";
        tech.tablesaw.api.Table trained = m.train(List.of("run7", out.resolve("a").toString()), body, progress::add);
        assertEquals(2, progress.size());
        assertTrue(progress.get(1).startsWith("epoch 2/2"), progress.toString());
        assertEquals(9 + 3 + 2, trained.rowCount(), "nine groups, three tiers, balanced, overall");
        assertTrue(Renderers.tableHtml(trained).contains("balanced"));
        // The output rule of mheight train: an earlier run folder is replaced only when the cell says so.
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> m.train(List.of("run7", out.resolve("a").toString()), body, progress::add));
        assertTrue(refused.getMessage().contains("overwrite"), refused.getMessage());
        m.train(List.of("run7", out.resolve("a").toString()), body + "overwrite = true\n", progress::add);
        m.train(List.of("run6", out.resolve("b").toString()), body, progress::add);
        DisplayData table = kernel.getRenderer().render(m.table(List.of(out.resolve("a").toString())));
        String tableHtml = (String) table.getData(MIMEType.TEXT_HTML);
        assertTrue(tableHtml.contains("group-mean baseline") && tableHtml.contains("gap (val - train)"), tableHtml);
        for (String tier : List.of("easy", "medium", "hard", "balanced", "overall")) {
            assertTrue(trained.stringColumn("group").contains(tier), tier);
        }
        tech.tablesaw.api.Table settings = m.settings(List.of(out.resolve("a").toString()));
        for (String aspect : List.of("architecture", "loss", "schedule", "augmentation", "data sizes")) {
            assertTrue(settings.stringColumn("aspect").contains(aspect), aspect + " in\n" + settings.printAll());
        }
        String settingsHtml = (String) kernel.getRenderer().render(settings).getData(MIMEType.TEXT_HTML);
        assertTrue(settingsHtml.contains("training.maxEpochs") && settingsHtml.contains("noise:0.05"), settingsHtml);
        assertThrows(IllegalArgumentException.class, () -> m.settings(List.of()));
        tech.tablesaw.api.Table verdicts = m.writeUp(List.of(out.resolve("a").toString()));
        assertTrue(verdicts.stringColumn("criterion").contains("no data leakage"), verdicts.printAll());
        assertTrue(verdicts.stringColumn("verdict").asList().stream().allMatch(v -> v.equals("pass")
                || v.equals("fail")), verdicts.printAll());
        Renderers renderers = new Renderers();
        String first = renderers.figureHtml(m.history(List.of(out.resolve("a").toString())));
        String second = renderers.figureHtml(m.scatter(List.of(out.resolve("a").toString(), "log")));
        String third = renderers.figureHtml(m.bars(List.of(out.resolve("a").toString())));
        for (String figure : List.of(first, second, third)) {
            assertTrue(figure.contains("Plotly.newPlot") && figure.length() < 200_000,
                    "a figure output is its data and a draw call, never Plotly.js itself (" + figure.length() + " chars)");
            assertTrue(figure.contains("mheightPlotlyQueue"), "a figure waits for Plotly.js where the page has none");
        }
        assertTrue(second.contains("y = x") && third.contains("group-mean baseline"));
        DisplayData fig = kernel.getRenderer().render(m.bars(List.of(out.resolve("a").toString())));
        assertTrue(((String) fig.getData(MIMEType.TEXT_HTML)).contains("Plotly.newPlot"));
        DisplayData cmp = m.compare(List.of(out.resolve("a").toString(), out.resolve("b").toString()));
        String html = (String) cmp.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("run7") && html.contains("run6") && html.contains("change"), html);
    }

    @Test
    void aTrainCellNamingARecordingOpensItInsteadOfTraining() throws Exception {
        MHeightMagics m = new MHeightMagics();
        Path recorded = projectDir().resolve("docs/run7");
        Path out = java.nio.file.Files.createTempDirectory("mh-recorded").resolve("run7");
        List<String> said = new java.util.ArrayList<>();
        tech.tablesaw.api.Table table = m.train(List.of("run7", out.toString()), "recorded = " + recorded
                + "\ntrain = ../data/train\n", said::add);
        assertEquals(1, said.size(), "no epochs, one note: " + said);
        assertTrue(said.get(0).startsWith("Opened the recorded run " + recorded) && said.get(0).contains("retrain = true"),
                said.get(0));
        for (String f : List.of("run.json", "metrics.json", "history.csv", "provenance.json")) {
            assertEquals(-1L, java.nio.file.Files.mismatch(recorded.resolve(f), out.resolve(f)), f + " copied as is");
        }
        // The table is the recording's: its overall test score is the one docs/run7/metrics.json holds.
        double overall = org.mheightlab.run.RunFolder.open(recorded).metrics().splits().get("test").overall();
        int row = table.stringColumn("group").indexOf("overall");
        assertEquals(overall, table.doubleColumn("test").get(row), 5e-5, "the table shows four decimals");
        tech.tablesaw.api.Table beside = m.beside(List.of(projectDir().resolve("docs/run1").toString()));
        // Run 1's analysis reports (4,2) at 0.103 on its validation split (001, line 20): beside docs/run1's own.
        int g42 = beside.stringColumn("figure").indexOf("(4,2)");
        assertTrue(g42 >= 0, beside.printAll());
        assertEquals("0.103", beside.stringColumn("write-up").get(g42));
        double ours = org.mheightlab.run.RunFolder.open(projectDir().resolve("docs/run1")).metrics().splits()
                .get("validation").groups().get("4,2");
        assertEquals(ours, Double.parseDouble(beside.stringColumn("this recording").get(g42)), 5e-5);
        // Opening again replaces the copy only when the cell says so, as training would.
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> m.train(List.of("run7", out.toString()), "recorded = " + recorded + "\n", said::add));
        assertTrue(refused.getMessage().contains("overwrite"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.train(List.of("run7", out.toString()),
                "recorded = " + recorded + "\nretrain = maybe\noverwrite = true\n", said::add));
        assertTrue(MHeightMagics.retrain("true") && !MHeightMagics.retrain("false"));
    }

    static Path projectDir() {
        String p = System.getProperty("mheight.project.dir");
        return p != null ? Path.of(p) : Path.of("").toAbsolutePath().getParent();
    }
}

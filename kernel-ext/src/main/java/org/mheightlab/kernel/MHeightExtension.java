package org.mheightlab.kernel;

import java.util.UUID;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

/**
 * Registers the mheight-lab magics in a JJava-API kernel: this project's own kernel, or a stock JJava kernel
 * that finds this jar through {@code JJAVA_CLASSPATH} or {@code %classpath} (listed in
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension}).
 */
public final class MHeightExtension implements Extension {

    /** The magic names, for documentation and tests. */
    public static final java.util.List<String> LINE_MAGICS = java.util.List.of("mh_data", "mh_generate", "mh_table",
            "mh_settings", "mh_writeup", "mh_beside", "mh_compare", "mh_history", "mh_scatter", "mh_bars", "mh_plotly");
    public static final java.util.List<String> CELL_MAGICS = java.util.List.of("mh_height", "mh_train");

    private final MHeightMagics magics = new MHeightMagics();
    private final Renderers renderers = new Renderers();

    @Override
    public void install(BaseKernel kernel) {
        renderers.install(kernel);
        MagicsRegistry r = kernel.getMagicsRegistry();
        r.registerLineMagic("mh_history", (k, args) -> magics.history(args));
        r.registerLineMagic("mh_scatter", (k, args) -> magics.scatter(args));
        r.registerLineMagic("mh_bars", (k, args) -> magics.bars(args));
        // For a page reloaded while the kernel kept running: Plotly.js is otherwise sent once per session.
        r.registerLineMagic("mh_plotly", (k, args) -> {
            renderers.sendPlotlyOnce(true);
            return null;
        });
        r.registerLineMagic("mh_data", (k, args) -> magics.data(args));
        r.registerLineMagic("mh_generate", (k, args) -> magics.generate(args));
        r.registerLineMagic("mh_table", (k, args) -> magics.table(args));
        r.registerLineMagic("mh_settings", (k, args) -> magics.settings(args));
        r.registerLineMagic("mh_writeup", (k, args) -> magics.writeUp(args));
        r.registerLineMagic("mh_beside", (k, args) -> magics.beside(args));
        r.registerLineMagic("mh_compare", (k, args) -> magics.compare(args));
        r.registerCellMagic("mh_height", (k, args, body) -> magics.height(args, body));
        r.registerCellMagic("mh_train", (k, args, body) -> {
            // One display, updated every epoch: live progress without flooding the cell's output.
            String id = UUID.randomUUID().toString();
            DisplayData first = new DisplayData("starting " + args);
            first.setDisplayId(id);
            k.display(first);
            return magics.train(args, body, line -> {
                DisplayData update = new DisplayData(line);
                update.setDisplayId(id);
                k.getIO().display.updateDisplay(id, update);
            });
        });
    }

    public MHeightMagics magics() {
        return magics;
    }
}

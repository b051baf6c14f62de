package org.mheightlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mheightlab.classify.ClassMetrics;
import org.mheightlab.classify.ClassifierEpoch;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/** Tables and Plotly figures of classifier trainings, for notebooks and reports. */
public final class ClassifierCharts {

    private ClassifierCharts() {
    }

    /** Per-epoch F1 of every named training, validation (solid) and training (dotted). */
    public static Figure f1Curves(Map<String, List<ClassifierEpoch>> histories) {
        List<Trace> traces = new ArrayList<>();
        for (Map.Entry<String, List<ClassifierEpoch>> e : histories.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(ClassifierEpoch::epoch).toArray();
            traces.add(ScatterTrace.builder(x, e.getValue().stream().mapToDouble(r -> r.validation().f1()).toArray())
                    .mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(e.getKey() + " validation F1").build());
            traces.add(ScatterTrace.builder(x, e.getValue().stream().mapToDouble(r -> r.train().f1()).toArray())
                    .mode(ScatterTrace.Mode.LINE).name(e.getKey() + " train F1").build());
        }
        Layout layout = Layout.builder().title("F1 per epoch").height(420).width(720)
                .xAxis(Axis.builder().title("epoch").build())
                .yAxis(Axis.builder().title("F1 (class 1)").range(0, 1).build()).build();
        return new Figure(layout, traces.toArray(Trace[]::new));
    }

    /** One row per epoch: learning rate and loss, accuracy, precision, recall, F1 of both sets, warnings. */
    public static Table epochTable(String name, List<ClassifierEpoch> history) {
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn lr = DoubleColumn.create("lr");
        List<DoubleColumn> metrics = new ArrayList<>();
        for (String set : List.of("train", "val")) {
            for (String m : List.of("loss", "acc", "P", "R", "F1")) {
                metrics.add(DoubleColumn.create(set + " " + m));
            }
        }
        StringColumn single = StringColumn.create("warning");
        for (ClassifierEpoch e : history) {
            epoch.append(e.epoch());
            lr.append(e.learningRate());
            int c = 0;
            for (ClassMetrics m : List.of(e.train(), e.validation())) {
                for (double v : new double[] {m.loss(), m.accuracy(), m.precision(), m.recall(), m.f1()}) {
                    metrics.get(c++).append(Math.round(v * 1e4) / 1e4);
                }
            }
            int only = e.validation().singleClass();
            single.append(only >= 0 ? "predicts only class " + only : "");
        }
        Table t = Table.create(name).addColumns(epoch, lr);
        metrics.forEach(t::addColumns);
        return t.addColumns(single);
    }
}

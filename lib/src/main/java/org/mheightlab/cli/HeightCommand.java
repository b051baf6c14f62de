package org.mheightlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mheightlab.code.ExactHeightCalculator;
import org.mheightlab.code.HeightProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mheight height}: the exact m-height of one code typed on the command line or on stdin. */
@Command(name = "height", mixinStandardHelpOptions = true,
        description = {"Exact m-height of the code G = [I_k | P].",
                "P is given row by row: rows separated by ';' (or newlines on stdin), entries by spaces or commas.",
                "k is the number of rows, n = k + the number of columns.",
                "Example: mheight height -m 2 \"1 2 3 4 5; -1 0 2 7 1; 3 3 -2 1 0; 4 -5 6 1 2\""})
final class HeightCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "P", description = "The matrix P; read from stdin when absent or '-'.")
    String matrix;

    @Option(names = {"-m", "--m"}, description = "Print only h_m for this m (default: the whole profile).")
    Integer m;

    @Override
    public Integer call() throws IOException {
        String text = matrix == null || matrix.equals("-") ? readStdin() : matrix;
        double[][] p = parseMatrix(text);
        int k = p.length;
        int n = k + p[0].length;
        HeightProfile profile = new ExactHeightCalculator().profile(p);
        if (m != null) {
            if (m < 1 || m > n - 1) {
                throw new IllegalArgumentException("m must be in [1, " + (n - 1) + "] for n=" + n + ", got " + m);
            }
            System.out.println(format(profile.height(m)));
        } else {
            System.out.printf("n=%d k=%d%n", n, k);
            for (int mm = 1; mm < n; mm++) {
                System.out.printf("h_%d = %s%n", mm, format(profile.height(mm)));
            }
        }
        return 0;
    }

    static String format(double h) {
        return Double.isInfinite(h) ? "inf" : String.valueOf(h);
    }

    private static String readStdin() throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            if (!line.isBlank()) {
                sb.append(line).append(';');
            }
        }
        return sb.toString();
    }

    static double[][] parseMatrix(String text) {
        List<double[]> rows = new ArrayList<>();
        for (String row : text.split(";")) {
            String t = row.replace('[', ' ').replace(']', ' ').trim();
            if (t.isEmpty()) {
                continue;
            }
            String[] cells = t.split("[\\s,]+");
            double[] r = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                try {
                    r[c] = Double.parseDouble(cells[c]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("P row " + rows.size() + ", entry " + c + ": '" + cells[c]
                            + "' is not a number");
                }
                // NaN, ±Infinity ("1e400") and magnitudes the engine cannot handle are refused by the engine
                // itself, with the supported range in the message, the same for every caller.
            }
            if (!rows.isEmpty() && r.length != rows.get(0).length) {
                throw new IllegalArgumentException("P row " + rows.size() + " has " + r.length
                        + " entries, row 0 has " + rows.get(0).length);
            }
            rows.add(r);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no matrix given: pass P as an argument or on stdin");
        }
        int n = rows.size() + rows.get(0).length;
        if (n > ExactHeightCalculator.MAX_N) {
            throw new IllegalArgumentException("n = k + columns = " + n + " exceeds " + ExactHeightCalculator.MAX_N);
        }
        return rows.toArray(double[][]::new);
    }
}

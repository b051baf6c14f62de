package org.mheightlab.code;

/**
 * A plain determinant by Gaussian elimination with partial pivoting: the independent reference the minor and
 * Gram-spectrum tests check the library's faster computations against.
 */
final class ReferenceDeterminant {

    private ReferenceDeterminant() {
    }

    static double of(double[][] m) {
        int k = m.length;
        double[][] a = new double[k][];
        for (int i = 0; i < k; i++) {
            a[i] = m[i].clone();
        }
        double d = 1;
        for (int c = 0; c < k; c++) {
            int piv = c;
            for (int r = c + 1; r < k; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            if (a[piv][c] == 0) {
                return 0;
            }
            if (piv != c) {
                double[] t = a[piv];
                a[piv] = a[c];
                a[c] = t;
                d = -d;
            }
            d *= a[c][c];
            for (int r = c + 1; r < k; r++) {
                double f = a[r][c] / a[c][c];
                for (int j = c; j < k; j++) {
                    a[r][j] -= f * a[c][j];
                }
            }
        }
        return d;
    }
}

/** Scores of height predictions: log2-MSE overall, per (k,m) group, per tier and balanced. */
package org.mheightlab.metrics;

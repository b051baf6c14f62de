/** Run reports: the per-group performance table and the machine-readable metrics of a run folder. */
package org.mheightlab.report;

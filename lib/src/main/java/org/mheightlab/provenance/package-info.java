/** Provenance records: what produced a file (tool version, configuration, seed, input digests). */
package org.mheightlab.provenance;

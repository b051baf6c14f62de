/**
 * Jupyter kernel extension for mheight-lab: magics and renderers. It depends on the library, never the
 * reverse. The notebook issue fills this package in; until then the module only checks that it builds
 * against the library.
 */
package org.mheightlab.kernel;

package org.mheightlab.kernel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each JShell snippet came from: its cell and the line its code starts on, so that stack frames
 * ({@code #id:line}) and compile errors (offsets in a snippet) can be told in the user's terms, "cell 4, line 2".
 * Snippets of earlier cells stay known: a method defined in cell 2 and failing when called from cell 5 is reported
 * at its own cell.
 */
final class CellSources {

    /** A snippet's origin: the cell's execution count (null outside a Jupyter request), the cell's text, and the
     * offset of the snippet's text in it. */
    record Origin(Integer cell, String cellText, int offset) {

        /** "Cell In[4]" as Jupyter front ends number cells, or "cell" when not run from a front end. */
        String cellName() {
            return cell == null ? "cell" : "Cell In[" + cell + "]";
        }

        /** 1-based line and column in the cell of {@code snippetOffset} in the snippet's text. */
        int[] lineAndColumn(int snippetOffset) {
            int at = Math.min(cellText.length(), offset + Math.max(0, snippetOffset));
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (cellText.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new int[] {line, at - lineStart + 1};
        }

        /**
         * The cell line of a stack frame's line number: JShell numbers a snippet's lines from its first
         * non-blank character (leading blank lines are not compiled).
         */
        int cellLine(int snippetLine) {
            int first = offset;
            while (first < cellText.length() && Character.isWhitespace(cellText.charAt(first))) {
                first++;
            }
            return lineAndColumn(first - offset)[0] + snippetLine - 1;
        }

        /** The text of cell line {@code line} (1-based), or "" past the end. */
        String line(int line) {
            String[] lines = cellText.split("\n", -1);
            return line >= 1 && line <= lines.length ? lines[line - 1] : "";
        }
    }

    private final Map<String, Origin> bySnippetId = new ConcurrentHashMap<>();

    void put(String snippetId, Origin origin) {
        bySnippetId.put(snippetId, origin);
    }

    /** The origin of the snippet a stack frame's file name ({@code #12}) names, or null. */
    Origin ofFrame(StackTraceElement frame) {
        String file = frame.getFileName();
        return file != null && file.startsWith("#") ? bySnippetId.get(file.substring(1)) : null;
    }
}

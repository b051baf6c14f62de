package org.mheightlab.kernel;

import java.util.List;

/** Small HTML helpers for magic output: escaped text and plain tables that render in any notebook front end. */
final class Html {

    private Html() {
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A table with a header row; cells are escaped. */
    static String table(String caption, List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("<table class=\"mheight\">");
        if (caption != null) {
            sb.append("<caption>").append(escape(caption)).append("</caption>");
        }
        sb.append("<thead><tr>");
        for (String h : header) {
            sb.append("<th>").append(escape(h)).append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (String c : row) {
                sb.append("<td>").append(escape(c)).append("</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</tbody></table>").toString();
    }

    static String pre(String text) {
        return "<pre>" + escape(text) + "</pre>";
    }
}

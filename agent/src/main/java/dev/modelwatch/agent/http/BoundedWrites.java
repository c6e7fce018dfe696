package dev.modelwatch.agent.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Hands a response to the JDK's HTTP server in pieces of at most {@link #PIECE} bytes. The server
 * copies each write into a buffer of twice its size that it keeps for the life of the connection
 * (and the socket layer keeps a direct buffer of that size per thread): a scrape written whole
 * (client_java writes the whole body at once; 3.3 MB for 30 models x 50 features with baselines)
 * left 6.6 MB on the heap for as long as Prometheus kept its connection open.
 */
final class BoundedWrites extends Filter {
  static final int PIECE = 64 * 1024;

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    exchange.setStreams(null, new Pieces(exchange.getResponseBody()));
    chain.doFilter(exchange);
  }

  @Override
  public String description() {
    return "writes responses in pieces of at most " + PIECE + " bytes";
  }

  static final class Pieces extends FilterOutputStream {
    Pieces(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      while (length > 0) {
        int piece = Math.min(length, PIECE);
        out.write(bytes, offset, piece);
        offset += piece;
        length -= piece;
      }
    }
  }
}

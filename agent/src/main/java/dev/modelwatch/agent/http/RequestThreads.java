package dev.modelwatch.agent.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The endpoint's threads, and how long one request may hold one.
 *
 * <p>The JDK's server reads a request's line and headers on the thread that then runs the handler,
 * with a blocking read and no limit (unless the JVM-wide {@code sun.net.httpserver.maxReqTime} is
 * set, which would apply to the application's own server too): a client that sends one byte and
 * stalls holds that thread for as long as it likes. Here every request runs under a deadline:
 * {@code header_timeout} until its head is complete (the {@link #headReceived()} filter, the first
 * on every route), then {@code body_timeout} for the rest of the exchange (body, handler,
 * response). At the deadline the thread is interrupted; a blocking socket channel closes when the
 * thread blocked on it is interrupted, which ends the read or write and the connection. TLS reads
 * go through the same channel, so plain text on the TLS port, or a ClientHello on the plain port,
 * stalls and is dropped the same way.
 *
 * <p>When requests wait for a thread, a head that has been read for more than {@link
 * #PRESSURE_GRACE} without completing is dropped at once, oldest first: clients send a request head
 * in one piece, so stalled connections cannot keep the port from answering for a whole header
 * timeout. The queue is bounded; a request that finds it full has its connection closed by the
 * JDK's server (counted as {@code busy}).
 */
final class RequestThreads implements Executor {
  static final int THREADS = 4;
  static final int QUEUE = 16;
  static final Duration PRESSURE_GRACE = Duration.ofMillis(500);

  /** Re-checks of a busy port while heads are still within their grace. */
  private static final long MIN_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();

  private final long headerTimeoutNanos;
  private final long bodyTimeoutNanos;
  private final HttpRefusals refusals;
  private final AgentErrors errors;
  private final ThreadPoolExecutor pool;
  private final ScheduledThreadPoolExecutor timer;

  /** At most {@link #THREADS} entries: the requests on a thread now. */
  private final Set<Request> running = ConcurrentHashMap.newKeySet();

  private final ThreadLocal<Request> current = new ThreadLocal<>();
  private final AtomicBoolean pressureCheckPending = new AtomicBoolean();

  RequestThreads(
      Duration headerTimeout, Duration bodyTimeout, HttpRefusals refusals, AgentErrors errors) {
    this.headerTimeoutNanos = headerTimeout.toNanos();
    this.bodyTimeoutNanos = bodyTimeout.toNanos();
    this.refusals = refusals;
    this.errors = errors;
    this.pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            task -> daemon(task, "modelwatch-http-" + THREAD_NUMBERS.incrementAndGet()),
            (task, executor) -> {
              refusals.busy.increment();
              // the JDK's dispatcher closes the connection of work it cannot hand over
              throw new RejectedExecutionException(
                  "every thread and queue place of the agent's port is taken");
            });
    pool.allowCoreThreadTimeOut(true);
    this.timer =
        new ScheduledThreadPoolExecutor(1, task -> daemon(task, "modelwatch-http-deadlines"));
    timer.setRemoveOnCancelPolicy(true);
    timer.setKeepAliveTime(60, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void execute(Runnable exchange) {
    pool.execute(new Request(exchange));
    checkPressureSoon();
  }

  /** The first filter on every route: the head is in, the body's bound starts. */
  Filter headReceived() {
    return new Filter() {
      @Override
      public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        Request request = current.get();
        if (request != null) {
          request.headReceived();
        }
        chain.doFilter(exchange);
      }

      @Override
      public String description() {
        return "bounds the rest of the exchange once its head is in";
      }
    };
  }

  void shutdown() {
    pool.shutdownNow();
    timer.shutdownNow();
  }

  private void checkPressureSoon() {
    if (!pool.getQueue().isEmpty() && pressureCheckPending.compareAndSet(false, true)) {
      timer.execute(this::relievePressure);
    }
  }

  /** Drops the oldest stalled heads while requests wait; see the class comment. */
  private void relievePressure() {
    try {
      pressureCheckPending.set(false);
      int waiting = pool.getQueue().size();
      if (waiting == 0) {
        return;
      }
      List<Request> heads = new ArrayList<>(THREADS);
      for (Request request : running) {
        if (!request.headIn) {
          heads.add(request);
        }
      }
      heads.sort(Comparator.comparingLong(request -> request.startNanos));
      long graceNanos = PRESSURE_GRACE.toNanos();
      long now = System.nanoTime();
      long recheckNanos = -1;
      for (Request head : heads) {
        if (waiting == 0) {
          break;
        }
        long age = now - head.startNanos;
        if (age < graceNanos) {
          recheckNanos = graceNanos - age;
          break;
        }
        if (head.drop()) {
          waiting--;
          // the thread freed takes the next request, which may itself be a stalled head
          recheckNanos = MIN_RECHECK_NANOS;
        }
      }
      if (recheckNanos > 0 && pressureCheckPending.compareAndSet(false, true)) {
        timer.schedule(
            this::relievePressure, Math.max(recheckNanos, MIN_RECHECK_NANOS), TimeUnit.NANOSECONDS);
      }
    } catch (Throwable t) {
      errors.record(ErrorStage.SERVER, t);
    }
  }

  /** One exchange of the JDK's server on one of these threads. */
  private final class Request implements Runnable {
    private final Runnable exchange;
    private volatile long startNanos;
    private volatile boolean headIn;

    /** Guarded by this: the thread while the exchange runs, else null. */
    private Thread thread;

    private boolean dropped;
    private ScheduledFuture<?> deadline;

    Request(Runnable exchange) {
      this.exchange = exchange;
    }

    @Override
    public void run() {
      try {
        synchronized (this) {
          thread = Thread.currentThread();
          startNanos = System.nanoTime();
          deadline = timer.schedule(this::drop, headerTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        running.add(this);
        current.set(this);
        checkPressureSoon();
        exchange.run();
      } catch (Throwable t) {
        errors.record(ErrorStage.SERVER, t);
      } finally {
        current.remove();
        running.remove(this);
        synchronized (this) {
          thread = null;
          if (deadline != null) {
            deadline.cancel(false);
          }
        }
        // an interrupt meant for this request must not reach the next one on this thread
        Thread.interrupted();
      }
    }

    void headReceived() {
      synchronized (this) {
        if (thread == null || dropped) {
          return;
        }
        headIn = true;
        deadline.cancel(false);
        deadline = timer.schedule(this::drop, bodyTimeoutNanos, TimeUnit.NANOSECONDS);
      }
    }

    /** Interrupts the exchange, which closes its connection; false when it has already ended. */
    boolean drop() {
      try {
        synchronized (this) {
          if (thread == null || dropped) {
            return false;
          }
          dropped = true;
          thread.interrupt();
        }
        refusals.slowRequest.increment();
        return true;
      } catch (Throwable t) {
        errors.record(ErrorStage.SERVER, t);
        return false;
      }
    }
  }
}

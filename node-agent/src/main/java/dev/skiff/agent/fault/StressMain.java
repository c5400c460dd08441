package dev.skiff.agent.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * The stress child: {@code --cpu-workers N --load PCT --memory BYTES --parent PID --deadline MILLIS}.
 * It burns cpu (each worker busy {@code load}% of every 100 ms) and holds {@code memory} bytes,
 * touched page by page so they are really resident. It halts when its parent (the agent) dies or
 * at the deadline, whichever comes first, so a crashed agent cannot leave it behind. Depends on
 * nothing but the JDK: it is started from the agent's class path with a small heap.
 */
public final class StressMain {
    private static final long PERIOD_NANOS = 100_000_000L;
    private static final int CHUNK = 1 << 20;
    private static final int PAGE = 4096;

    private StressMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int workers = 0;
        int load = 100;
        long memory = 0;
        long parent = -1;
        long deadline = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--cpu-workers" -> workers = Integer.parseInt(args[i + 1]);
                case "--load" -> load = Math.max(1, Math.min(100, Integer.parseInt(args[i + 1])));
                case "--memory" -> memory = Long.parseLong(args[i + 1]);
                case "--parent" -> parent = Long.parseLong(args[i + 1]);
                case "--deadline" -> deadline = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        watch(parent, deadline);
        List<byte[]> held = hold(memory);
        for (int w = 0; w < workers; w++) {
            final int pct = load;
            Thread.ofPlatform().daemon().name("stress-cpu-" + w).start(() -> burn(pct));
        }
        System.out.println("stressing: " + workers + " cpu worker(s) at " + load + "%, " + held.size() + " MiB held");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void watch(long parent, long deadline) {
        if (parent > 0) {
            var p = ProcessHandle.of(parent);
            if (p.isEmpty()) Runtime.getRuntime().halt(0);
            p.get().onExit().thenRun(() -> Runtime.getRuntime().halt(0));
        }
        if (deadline > 0) {
            Thread.ofPlatform().daemon().name("stress-deadline").start(() -> {
                try {
                    Thread.sleep(Math.max(0, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    // halt anyway
                }
                Runtime.getRuntime().halt(0);
            });
        }
    }

    private static List<byte[]> hold(long bytes) {
        List<byte[]> held = new ArrayList<>();
        for (long left = bytes; left > 0; left -= CHUNK) {
            byte[] chunk = new byte[(int) Math.min(CHUNK, left)];
            for (int i = 0; i < chunk.length; i += PAGE) chunk[i] = 1;
            held.add(chunk);
        }
        return held;
    }

    private static void burn(int load) {
        long busy = PERIOD_NANOS * load / 100;
        long sink = 0;
        while (true) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < busy) sink += start ^ sink;
            long rest = PERIOD_NANOS - (System.nanoTime() - start);
            if (rest > 0) {
                try {
                    Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (sink == 42) System.out.print(""); // keeps the loop from being optimised away
        }
    }
}

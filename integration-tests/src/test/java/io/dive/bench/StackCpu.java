package io.dive.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a benchmark's CPU went, from Linux's {@code /proc}: the CPU time of each stack component
 * (the process group {@code ./dive} started it in, from its pid file under {@code <state>/run/}), of
 * this JVM (the load generator) and of the whole machine (the rest: other processes sharing the
 * cores). Measured between two {@link #snapshot}s; printed per answered request, so that a
 * throughput figure says which process spent the time (issue 16).
 */
final class StackCpu {

    /** Linux's USER_HZ (the unit of /proc CPU times); 100 on every Linux the project runs on. */
    private static final double TICKS_PER_SECOND = 100;

    /**
     * CPU seconds per component at one instant, the part of it its JIT compiler threads spent (a JVM
     * still warming up compiles for seconds), plus this JVM's and the machine's busy time.
     */
    record Snapshot(Map<String, Double> components, Map<String, Double> jit, double generator, double machine) {
    }

    private final Path runDir;

    /** @param stateDir the stack's state folder ({@code DIVE_STATE_DIR}, by default {@code .dive/stack/} of the checkout) */
    StackCpu(Path stateDir) {
        this.runDir = stateDir.resolve("run");
    }

    Snapshot snapshot() {
        Map<Long, String> groups = new LinkedHashMap<>();
        if (Files.isDirectory(runDir)) {
            try (Stream<Path> pids = Files.list(runDir)) {
                pids.filter(p -> p.toString().endsWith(".pid")).sorted().forEach(p -> {
                    try {
                        String name = p.getFileName().toString().replaceFirst("\\.pid$", "");
                        groups.put(Long.parseLong(Files.readString(p).trim()), name);
                    } catch (IOException | NumberFormatException e) {
                        // a component stopping meanwhile: not counted
                    }
                });
            } catch (IOException e) {
                // no stack state: only the generator and the machine are counted
            }
        }
        Map<String, Double> components = new LinkedHashMap<>();
        Map<String, Double> jit = new LinkedHashMap<>();
        groups.values().forEach(name -> components.put(name, 0.0));
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                long[] stat = stat(p.resolve("stat"));
                if (stat != null && groups.containsKey(stat[0])) {
                    components.merge(groups.get(stat[0]), stat[1] / TICKS_PER_SECOND, Double::sum);
                    jit.merge(groups.get(stat[0]), compilerTicks(p) / TICKS_PER_SECOND, Double::sum);
                }
            });
        } catch (IOException e) {
            // not Linux: nothing per component
        }
        long[] self = stat(Path.of("/proc/self/stat"));
        return new Snapshot(components, jit, self == null ? 0 : self[1] / TICKS_PER_SECOND, machineBusy());
    }

    /** CPU milliseconds per request between two snapshots, by component, generator, others (the rest of the machine). */
    static String perRequest(Snapshot before, Snapshot after, int requests) {
        StringBuilder line = new StringBuilder();
        double counted = 0;
        for (Map.Entry<String, Double> component : after.components().entrySet()) {
            double seconds = component.getValue() - before.components().getOrDefault(component.getKey(), 0.0);
            counted += seconds;
            double jit = after.jit().getOrDefault(component.getKey(), 0.0) - before.jit().getOrDefault(component.getKey(), 0.0);
            line.append(String.format(Locale.ROOT, jit > 0 ? "%s %.2f (JIT %.2f), " : "%s %.2f, ", component.getKey(),
                    1000 * seconds / requests, 1000 * jit / requests));
        }
        double generator = after.generator() - before.generator();
        double machine = after.machine() - before.machine();
        return line.append(String.format(Locale.ROOT, "generator %.2f, others %.2f; machine %.2f ms CPU per permit",
                1000 * generator / requests, 1000 * (machine - counted - generator) / requests, 1000 * machine / requests))
                .toString();
    }

    /** The stack's CPU milliseconds per request between two snapshots (every component, not the generator or others). */
    static double serverMillis(Snapshot before, Snapshot after, int requests) {
        double seconds = 0;
        for (Map.Entry<String, Double> component : after.components().entrySet()) {
            seconds += component.getValue() - before.components().getOrDefault(component.getKey(), 0.0);
        }
        return 1000 * seconds / requests;
    }

    /** The share of {@code component}'s CPU between two snapshots that its JIT compiler threads spent (0 when it is not running). */
    static double jitShare(Snapshot before, Snapshot after, String component) {
        double total = after.components().getOrDefault(component, 0.0) - before.components().getOrDefault(component, 0.0);
        double jit = after.jit().getOrDefault(component, 0.0) - before.jit().getOrDefault(component, 0.0);
        return total <= 0 ? 0 : jit / total;
    }

    /** {process group, utime + stime in ticks} of one /proc/<pid>/stat; null when it vanished. */
    private static long[] stat(Path file) {
        try {
            String text = Files.readString(file);
            // The command name (field 2) is in parentheses and may hold spaces: split after its ')'.
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[2]), Long.parseLong(fields[11]) + Long.parseLong(fields[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** CPU ticks of a process's JIT compiler threads (HotSpot names them "C1 CompilerThre…", "C2 CompilerThre…"). */
    private static long compilerTicks(Path process) {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(process.resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String text = Files.readString(task.resolve("stat"));
                if (text.contains("(C1 CompilerThre") || text.contains("(C2 CompilerThre")) {
                    long[] stat = stat(task.resolve("stat"));
                    ticks += stat == null ? 0 : stat[1];
                }
            }
        } catch (IOException | RuntimeException e) {
            // a process or thread ending meanwhile
        }
        return ticks;
    }

    /** Busy CPU seconds of the whole machine since boot (every state of /proc/stat's first line but idle and iowait). */
    private static double machineBusy() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] fields = lines.get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}

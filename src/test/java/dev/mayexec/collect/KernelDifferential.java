package dev.mayexec.collect;

import dev.mayexec.engine.KernelModel;
import dev.mayexec.facts.FileInfo;
import dev.mayexec.facts.ProcessInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's kernel model against the real kernel, run by {@link KernelDifferentialTest} in its
 * own mount namespace ({@code unshare -m}) as root.
 *
 * <ul>
 *   <li>{@code setup DIR UID_A}: mounts tmpfs with and without {@code noexec} and a {@code noexec}
 *       bind mount of the exec one under DIR, and fills them with files of many modes and owners, a
 *       directory, a fifo and symlinks across the mounts; prints the paths, one per line.
 *   <li>{@code check LIST}: for each path in the file LIST, prints {@code path TAB kernel TAB model},
 *       where kernel is {@code AT_EXECVE_CHECK} asked by this process and model is the engine's
 *       verdict from the facts collected for this process and that file. Run under each identity.
 * </ul>
 */
public final class KernelDifferential {
    static final int[] MODES = {0700, 0600, 0011, 0001, 0100, 04755, 0755, 0644, 0750, 0705, 0070, 0010, 0007, 0000};

    private KernelDifferential() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "setup" -> setup(Path.of(args[1]), Integer.parseInt(args[2]));
            case "check" -> check(Path.of(args[1]));
            default -> throw new IllegalArgumentException("usage: setup DIR UID | check LIST");
        }
    }

    private static void setup(Path dir, int uidA) throws Exception {
        Path exec = dir.resolve("exec");
        Path noexec = dir.resolve("noexec");
        Path bind = dir.resolve("bind-noexec");
        for (Path p : List.of(exec, noexec, bind)) Files.createDirectories(p);
        run("mount", "-t", "tmpfs", "-o", "mode=0755", "mx-exec", exec.toString());
        run("mount", "-t", "tmpfs", "-o", "mode=0755,noexec", "mx-noexec", noexec.toString());
        run("mount", "--bind", exec.toString(), bind.toString());
        run("mount", "-o", "remount,bind,noexec", bind.toString());
        List<Path> paths = new ArrayList<>();
        int[][] owners = {{0, 0}, {uidA, 0}, {2002, 2003}, {2004, 2003}};
        for (Path mount : List.of(exec, noexec)) {
            for (int[] owner : owners) {
                for (int mode : MODES) {
                    Path f = mount.resolve(String.format("f-%d-%d-%04o", owner[0], owner[1], mode));
                    Files.writeString(f, "echo differential\n");
                    run("chown", owner[0] + ":" + owner[1], f.toString());
                    run("chmod", String.format("%04o", mode), f.toString());
                    paths.add(f);
                    if (mount.equals(exec)) paths.add(bind.resolve(f.getFileName()));
                }
            }
            Path d = Files.createDirectory(mount.resolve("dir"));
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path fifo = mount.resolve("fifo");
            run("mkfifo", "-m", "0777", fifo.toString());
            paths.add(d);
            paths.add(fifo);
        }
        Path intoNoexec = Files.createSymbolicLink(exec.resolve("link-into-noexec"), noexec.resolve("f-0-0-0755"));
        Path intoExec = Files.createSymbolicLink(noexec.resolve("link-into-exec"), exec.resolve("f-0-0-0755"));
        paths.add(intoNoexec);
        paths.add(intoExec);
        paths.forEach(System.out::println);
    }

    private static void check(Path list) throws IOException, LiveFactsException {
        FileCollector files = new FileCollector(SystemRoot.live());
        ProcessInfo self = new ProcessCollector(SystemRoot.live()).collect((int) ProcessHandle.current().pid());
        System.out.println("# identity uid=" + self.uid() + " gid=" + self.gid() + " groups=" + self.groups()
                + " caps=" + (self.capabilities().contains("dac_override") ? "dac_override,…" : self.capabilities()));
        FileCollector.Wanted factsOnly = FileCollector.Wanted.of(java.util.Set.of(), false);
        for (String line : Files.readAllLines(list)) {
            Path p = Path.of(line);
            String kernel = Kernel.checkExec(p);
            FileInfo f = files.collect(null, line, factsOnly);
            String model = KernelModel.check(self, f).kernel().state();
            System.out.println(line + "\t" + kernel + "\t" + model);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed");
    }
}

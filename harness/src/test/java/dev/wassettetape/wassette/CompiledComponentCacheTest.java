package dev.wassettetape.wassette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledComponentCacheTest {

  @TempDir Path tmp;

  @Test
  void theCacheIsPrivateToTheUserEvenWhenAnOlderVersionMadeItOpen() throws Exception {
    Path dir = tmp.resolve("compiled");
    Files.createDirectories(
        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    CompiledComponentCache cache = new CompiledComponentCache(dir, 1 << 20);

    cache.createPrivate(dir.resolve("0.8.0"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("0.8.0"))))
        .isEqualTo("rwx------");
  }

  @Test
  void evictsTheLeastRecentlyUsedEntriesBeyondTheCapButNeverTheOneInUse() throws Exception {
    Path dir = tmp.resolve("compiled");
    Path a = entry(dir, "0.7.0", "a", 100, 1_000);
    Path b = entry(dir, "0.8.0", "b", 100, 2_000);
    Path c = entry(dir, "0.8.0", "c", 100, 3_000);
    Path staging = entry(dir, "0.8.0", "d.tmp-123", 100, 0); // another build's, in progress
    CompiledComponentCache cache = new CompiledComponentCache(dir, 250);

    cache.evictBeyond(250, c);
    assertThat(a).doesNotExist();
    assertThat(b).exists();
    assertThat(c).exists();
    assertThat(staging).exists();

    cache.evictBeyond(50, b); // b in use: the others go even though b alone is beyond the cap
    assertThat(b).exists();
    assertThat(c).doesNotExist();
  }

  @Test
  void sizesReadAsBytesWithUnits() {
    assertThat(CompiledComponentCache.parseSize("2g")).isEqualTo(2L << 30);
    assertThat(CompiledComponentCache.parseSize("500M")).isEqualTo(500L << 20);
    assertThat(CompiledComponentCache.parseSize("64k")).isEqualTo(64L << 10);
    assertThat(CompiledComponentCache.parseSize("1000")).isEqualTo(1000);
    assertThatThrownBy(() -> CompiledComponentCache.parseSize("lots"))
        .hasMessageContaining(CompiledComponentCache.MAX_SIZE_PROPERTY)
        .hasMessageContaining("'lots'");
  }

  private static Path entry(Path dir, String version, String key, int bytes, long usedAt)
      throws Exception {
    Path entry = dir.resolve(version).resolve(key);
    Files.createDirectories(entry);
    Files.write(entry.resolve("x.cwasm"), new byte[bytes]);
    Files.setLastModifiedTime(entry, FileTime.fromMillis(usedAt));
    return entry;
  }
}

package dev.wassettetape.wassette;

/** A Wassette release version; decides the command line (see {@link WassetteLauncher}). */
public record WassetteVersion(int major, int minor, int patch)
    implements Comparable<WassetteVersion> {

  @Override
  public int compareTo(WassetteVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c == 0 ? Integer.compare(patch, o.patch) : c;
  }

  public boolean atLeast(int major, int minor) {
    return compareTo(new WassetteVersion(major, minor, 0)) >= 0;
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}

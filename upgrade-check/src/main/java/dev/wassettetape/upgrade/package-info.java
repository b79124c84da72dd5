/**
 * The upgrade check: {@code UpgradeCheck} verifies every {@code @WassetteTape} class of a test
 * class path against another Wassette or new component builds, and {@code UpgradeReport} says what
 * matched and what drifted.
 */
package dev.wassettetape.upgrade;

package dev.wassettetape.junit.approvals;

/** A test class whose package has ApprovalTests {@link PackageSettings}. */
public class PackagedTestCase {}

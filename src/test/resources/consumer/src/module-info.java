module org.acme {
    requires dev.mayexec;
    requires org.slf4j;
}

# Sourced by bin/mayexec and bin/test: finds a JDK 25 or newer and sets JAVA_HOME to it.
# Order: $JAVA_HOME, then the JDKs installed under /usr/lib/jvm (newest first), then `java` on PATH.

java_major() { # prints the major version of the java binary $1, or nothing
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1 | cut -d. -f1
}

is_jdk25() { # $1 = a candidate JAVA_HOME
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
    local v
    # the JDK's release file says it without starting a JVM (60 ms of every command)
    [ -f "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
    [ -n "$v" ] || v=$(java_major "$1/bin/java")
    [ -n "$v" ] && [ "$v" -ge 25 ] 2>/dev/null
}

find_jdk25() {
    if [ -n "${JAVA_HOME:-}" ] && is_jdk25 "$JAVA_HOME"; then
        return 0
    fi
    local candidate
    for candidate in $(ls -d /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* 2>/dev/null | sort -rV); do
        if is_jdk25 "$candidate"; then
            JAVA_HOME=$candidate
            export JAVA_HOME
            return 0
        fi
    done
    if command -v javac >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
        if is_jdk25 "$candidate"; then
            JAVA_HOME=$candidate
            export JAVA_HOME
            return 0
        fi
    fi
    echo "mayexec: no JDK 25 or newer found (looked at \$JAVA_HOME${JAVA_HOME:+=$JAVA_HOME}, /usr/lib/jvm and PATH)." >&2
    echo "mayexec: install one (for example Temurin 25) or set JAVA_HOME to it." >&2
    return 1
}

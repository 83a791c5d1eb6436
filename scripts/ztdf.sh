# shellcheck shell=bash
# The ZTDF command-line tool of the distribution (encrypt, decrypt, inspect). Its output files get
# the caller's umask, as any other program's.

cmd_ztdf() {
  local jar
  jar="$(dist_dir)/bin/dive-ztdf.jar"
  [[ -f "$jar" ]] || die "the ZTDF tool is not built ($jar); run ./dive start or mvn -DskipTests package first"
  umask "$DIVE_USER_UMASK"
  # shellcheck disable=SC2086 # DIVE_ZTDF_JAVA_OPTS holds several JVM options
  exec java ${DIVE_ZTDF_JAVA_OPTS:-} -jar "$jar" "$@"
}

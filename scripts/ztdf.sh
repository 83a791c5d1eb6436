# shellcheck shell=bash
# The ZTDF command-line tool of the distribution (encrypt, decrypt, inspect), through its launcher
# (bin/dive-ztdf: newest JDK, bounded heap, class-data-sharing archive in the tools cache). Its
# output files get the caller's umask, as any other program's.

cmd_ztdf() {
  local launcher
  launcher="$(dist_dir)/bin/dive-ztdf"
  [[ -f "$launcher" && -f "$(dist_dir)/bin/dive-ztdf.jar" ]] \
    || die "the ZTDF tool is not built ($(dist_dir)/bin); run ./dive start or mvn -DskipTests package first"
  umask "$DIVE_USER_UMASK"
  DIVE_ZTDF_CACHE_DIR="${DIVE_ZTDF_CACHE_DIR:-$DIVE_TOOLS_DIR/ztdf-cds}" exec bash "$launcher" "$@"
}

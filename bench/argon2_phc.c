/* argon2_phc: prints an Argon2id PHC string for bench/pop3_bench.sh.
 *
 *   argon2_phc T_COST M_COST_KIB PARALLELISM PASSWORD
 *
 * Same library (libargon2), salt length (16 bytes) and hash length (32 bytes) as Tern's
 * src/auth/password.cc, so Dovecot's passwd-file gets {ARGON2ID}$argon2id$v=19$m=...
 * hashes that cost exactly what Tern's stored hashes cost to verify. (`doveadm pw -s
 * ARGON2ID` cannot choose the memory cost: it derives it from the rounds.)
 * Build: cc -O2 -o argon2_phc argon2_phc.c -largon2 */
#include <argon2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s T_COST M_COST_KIB PARALLELISM PASSWORD\n", argv[0]);
    return 2;
  }
  unsigned t = (unsigned)strtoul(argv[1], NULL, 10), m = (unsigned)strtoul(argv[2], NULL, 10),
           p = (unsigned)strtoul(argv[3], NULL, 10);
  const char* pw = argv[4];
  unsigned char salt[16];
  FILE* r = fopen("/dev/urandom", "rb");
  if (!r || fread(salt, 1, sizeof salt, r) != sizeof salt) return perror("urandom"), 1;
  fclose(r);
  size_t len = argon2_encodedlen(t, m, p, sizeof salt, 32, Argon2_id);
  char* out = malloc(len);
  int rc = argon2id_hash_encoded(t, m, p, pw, strlen(pw), salt, sizeof salt, 32, out, len);
  if (rc != ARGON2_OK) {
    fprintf(stderr, "argon2: %s\n", argon2_error_message(rc));
    return 1;
  }
  puts(out);
  free(out);
  return 0;
}

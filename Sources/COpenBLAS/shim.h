#include <cblas.h>
/* LAPACK (Fortran ABI, shipped in libopenblas) */
void spotrf_(const char *uplo, const int *n, float *a, const int *lda, int *info);
void spotri_(const char *uplo, const int *n, float *a, const int *lda, int *info);
void spotrs_(const char *uplo, const int *n, const int *nrhs, const float *a, const int *lda, float *b, const int *ldb, int *info);

/* A cache hint for the SGD loop: fetch the factor rows of a rating a few steps ahead. */
static inline void recsh_prefetch(const void *p) { __builtin_prefetch(p, 1, 3); }
void strtri_(const char *uplo, const char *diag, const int *n, float *a, const int *lda, int *info);
void slauum_(const char *uplo, const int *n, float *a, const int *lda, int *info);

#ifndef CFILEOPS_H
#define CFILEOPS_H
/* Exchanges two paths atomically (Linux renameat2 RENAME_EXCHANGE, macOS renamex_np RENAME_SWAP).
   Returns 0, or -1 with errno set; EINVAL or ENOSYS where the file system cannot exchange. */
int recsh_rename_exchange(const char *from, const char *to);
/* Renames `from` to `to` only if `to` does not exist (RENAME_NOREPLACE); -1 with EEXIST if it does. */
int recsh_rename_noreplace(const char *from, const char *to);
#endif

"""Prints on which NUMA node each page of a process's address range is,
through move_pages(2) without moving anything.

usage: pagenodes.py PID START END

Prints one line "node N: COUNT" per node (and "not there (errno E):
COUNT" for pages move_pages finds none for), counting pages of
[START, END).
"""
import ctypes
import sys

SYS_move_pages = 279  # x86-64


def main():
    pid, start, end = (int(a) for a in sys.argv[1:4])
    n = (end - start) // 4096
    pages = (ctypes.c_void_p * n)(*[start + i * 4096 for i in range(n)])
    status = (ctypes.c_int * n)()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    if libc.syscall(ctypes.c_long(SYS_move_pages), ctypes.c_long(pid), ctypes.c_ulong(n), pages, None,
                    status, ctypes.c_int(0)) != 0:
        sys.exit(f'move_pages: errno {ctypes.get_errno()}')
    counts = {}
    for s in status:
        key = f'node {s}' if s >= 0 else f'not there (errno {-s})'
        counts[key] = counts.get(key, 0) + 1
    for key in sorted(counts):
        print(f'{key}: {counts[key]}')


main()

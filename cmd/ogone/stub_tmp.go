package main

func runParse(e *env, args []string) int { return 0 }

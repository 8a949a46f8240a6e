package main

func runStatus(e *env, args []string) int  { return 0 }
func runNCError(e *env, args []string) int { return 0 }
func runParse(e *env, args []string) int   { return 0 }

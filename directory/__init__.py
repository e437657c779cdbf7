"""Who is who: the actor directory (organisations, networks, räddningstjänster) and what each fact rests on."""

// scimstream: the command-line front of the SCIMStream library. All of the tool is in the
// SCIMStreamTool module; this file only hands it the arguments and exits with its status.
import SCIMStreamTool

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

exit(Tool.main(arguments: Array(CommandLine.arguments.dropFirst())))

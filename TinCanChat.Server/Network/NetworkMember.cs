namespace TinCanChat.Server.Network;

/// <summary>A member of this server as Redis should have it (see <see cref="NetworkScripts.Sync"/>).</summary>
/// <param name="RoomKey">Empty while the member is on its way into its first room.</param>
/// <param name="Nick">The case-folded nickname, or empty.</param>
internal sealed record NetworkMember(string Token, string RoomKey, string RoomDisplay, string Name, string Nick);
